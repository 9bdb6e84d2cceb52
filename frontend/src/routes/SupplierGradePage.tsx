import { useQuery } from "urql";

import dash from "../components/Dashboard/Dashboard.module.css";
import { ErrorState } from "../components/Feedback/ErrorState";
import { SkeletonCard } from "../components/Feedback/Skeleton";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { GradeBadge } from "../components/Suppliers/GradeBadge";
import { GradeComponents, GradeReasons, KpiStats } from "../components/Suppliers/GradeExplanation";
import { GradeHistoryChart } from "../components/Suppliers/GradeHistoryChart";
import styles from "../components/Suppliers/Suppliers.module.css";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { describeError } from "../lib/graphql/errors";
import { MyGradeQuery } from "../lib/graphql/suppliers";
import { gradeLevel, gradeMeaning, periodLabel, termsWords } from "../lib/suppliers";

/** The supplier's grade, the figures behind it, what moved it, what would raise it, and its history. */
export function SupplierGradePage() {
  useDocumentTitle("Grade");
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyGradeQuery, requestPolicy: "cache-and-network" });

  return (
    <Page>
      <PageHeader title="Your grade" description="Better grades get more orders and faster payment. Here is what decides yours." />
      {error && !data ? (
        <ErrorState title="We couldn't load your grade" problem={describeError(error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      ) : fetching && !data ? (
        <SkeletonCard lines={6} />
      ) : data ? (
        <div className={styles.stack}>
          <section className={dash.panel} aria-label="Current grade">
            <div className={styles.hero}>
              <GradeBadge grade={data.myGrade.grade} big />
              <div className={styles.heroText}>
                <strong style={{ fontSize: "1.2rem" }} data-my-grade={data.myGrade.grade}>
                  Grade {data.myGrade.grade}: {gradeMeaning(data.myGrade.grade)}
                </strong>
                <span className={dash.muted}>
                  {termsWords(data.myGrade.termsDays)} · score {Math.round(data.myGrade.score * 100)} / 100 ·{" "}
                  {data.myGrade.stored ? `graded for ${periodLabel(data.myGrade.period)}` : "provisional (not graded yet)"}
                </span>
                {data.myGrade.previousGrade && data.myGrade.previousGrade !== data.myGrade.grade ? (
                  <span className={dash.small}>
                    {gradeLevel(data.myGrade.grade) > gradeLevel(data.myGrade.previousGrade) ? "Up" : "Down"} from {data.myGrade.previousGrade} last time.
                  </span>
                ) : null}
              </div>
            </div>
            <KpiStats report={data.myGrade} currency={data.mySupplier.currency} />
          </section>
          <div className={dash.split}>
            <section className={dash.panel} aria-labelledby="moved">
              <h2 id="moved" className={dash.panelTitle}>
                What moved it
              </h2>
              <GradeComponents report={data.myGrade} />
            </section>
            <section className={dash.panel} aria-labelledby="raise">
              <h2 id="raise" className={dash.panelTitle}>
                What would raise it
              </h2>
              <GradeReasons report={data.myGrade} />
            </section>
          </div>
          <section className={dash.panel} aria-labelledby="history">
            <h2 id="history" className={dash.panelTitle}>
              Grade history
            </h2>
            <GradeHistoryChart history={data.mySupplier.gradeHistory} label="Your grade by month" />
          </section>
        </div>
      ) : null}
    </Page>
  );
}
