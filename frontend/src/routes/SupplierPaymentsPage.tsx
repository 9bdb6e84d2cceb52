import { useState } from "react";
import { useQuery } from "urql";

import dash from "../components/Dashboard/Dashboard.module.css";
import { ErrorState } from "../components/Feedback/ErrorState";
import { SkeletonCard } from "../components/Feedback/Skeleton";
import { Icon } from "../components/Icon/Icon";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { PayablesList, ScheduleStats, ScheduleViews } from "../components/Suppliers/PayablesList";
import styles from "../components/Suppliers/Suppliers.module.css";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { describeError } from "../lib/graphql/errors";
import { MyPayablesQuery, MySupplierQuery } from "../lib/graphql/suppliers";
import { scheduleFilter, termsWords, todayUtc, type ScheduleView } from "../lib/suppliers";

/** What the brand owes the supplier and when, with early payment on request. */
export function SupplierPaymentsPage() {
  useDocumentTitle("Payments");
  const [view, setView] = useState<ScheduleView>("upcoming");
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MyPayablesQuery,
    variables: { ...scheduleFilter(view, todayUtc()), first: 100 },
    requestPolicy: "cache-and-network",
  });
  const [{ data: me }] = useQuery({ query: MySupplierQuery, requestPolicy: "cache-and-network" });
  const [notice, setNotice] = useState<string | null>(null);
  const schedule = data?.myPayables;

  return (
    <Page>
      <PageHeader
        title="Payments"
        description={me ? `${termsWords(me.mySupplier.termsDays)} at your grade ${me.mySupplier.grade}. Need the money sooner? Ask for early payment.` : "Upcoming payments for the pieces the brand has received."}
      />
      <div className={styles.stack}>
        {notice ? (
          <p role="status" className={dash.success}>
            <Icon name="check" size={18} /> {notice}
          </p>
        ) : null}
        {error && !data ? (
          <ErrorState title="We couldn't load your payments" problem={describeError(error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />
        ) : fetching && !schedule ? (
          <SkeletonCard lines={6} />
        ) : schedule ? (
          <>
            <ScheduleStats schedule={schedule} side="supplier" view={view} />
            <section className={dash.panel} aria-labelledby="upcoming">
              <div className={dash.panelHead}>
                <h2 id="upcoming" className={dash.panelTitle}>
                  Payments
                </h2>
                <ScheduleViews view={view} onChange={setView} />
              </div>
              <PayablesList
                payables={schedule.payables.nodes}
                side="supplier"
                onChanged={(_p, message) => {
                  setNotice(message);
                  refetch({ requestPolicy: "network-only" });
                }}
              />
            </section>
          </>
        ) : null}
      </div>
    </Page>
  );
}
