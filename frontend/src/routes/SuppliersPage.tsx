import { useState } from "react";
import { useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";

import dash from "../components/Dashboard/Dashboard.module.css";
import { Segmented } from "../components/Dashboard/Stat";
import { EmptyState } from "../components/Feedback/EmptyState";
import { ErrorState } from "../components/Feedback/ErrorState";
import { SkeletonCard } from "../components/Feedback/Skeleton";
import { Button } from "../components/Form/Button";
import { Icon } from "../components/Icon/Icon";
import { Page, PageHeader } from "../components/Page/PageHeader";
import { GradeBadge } from "../components/Suppliers/GradeBadge";
import { GradeComponents, GradeReasons, KpiStats } from "../components/Suppliers/GradeExplanation";
import { GradeHistoryChart } from "../components/Suppliers/GradeHistoryChart";
import { OrderCard } from "../components/Suppliers/OrderCard";
import { PayablesList, ScheduleStats, ScheduleViews } from "../components/Suppliers/PayablesList";
import styles from "../components/Suppliers/Suppliers.module.css";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { describeError } from "../lib/graphql/errors";
import {
  PayablesScheduleQuery,
  PurchaseOrdersQuery,
  RecomputeGradesMutation,
  SuppliersQuery,
  type PurchaseOrderState,
  type SupplierCard,
} from "../lib/graphql/suppliers";
import { formatCount } from "../lib/money";
import { formatKpi, gradeMeaning, groupByState, PO_STATE_LABELS, scheduleFilter, termsWords, todayUtc, type ScheduleView } from "../lib/suppliers";

type Tab = "scorecards" | "orders" | "payables";
const TABS: readonly { value: Tab; label: string }[] = [
  { value: "scorecards", label: "Scorecards" },
  { value: "orders", label: "Orders" },
  { value: "payables", label: "Payables" },
];

type Stage = "needsYou" | "inProgress" | "done";
const STAGES: Record<Stage, { label: string; states: readonly PurchaseOrderState[] }> = {
  needsYou: { label: "Needs you", states: ["SHIPPED", "RECEIVED"] },
  inProgress: { label: "In progress", states: ["ISSUED", "ACCEPTED", "IN_PRODUCTION"] },
  done: { label: "Done", states: ["LISTED", "DECLINED"] },
};

/** The brand's suppliers: scorecards with grade history, the purchase-order board and the payables schedule. */
export function SuppliersPage() {
  useDocumentTitle("Suppliers");
  const [params, setParams] = useSearchParams();
  const tab = (TABS.find((t) => t.value === params.get("tab"))?.value ?? "scorecards") as Tab;
  return (
    <Page>
      <PageHeader title="Suppliers" description="Who makes your batches, how well, and what you owe them." />
      <div className={styles.stack}>
        <div className={`${dash.toolbar} ${styles.scroll}`}>
          <Segmented label="Show" value={tab} options={TABS} onChange={(next) => setParams(new URLSearchParams({ tab: next }))} />
        </div>
        {tab === "scorecards" ? <Scorecards /> : tab === "orders" ? <OrderBoard /> : <Payables />}
      </div>
    </Page>
  );
}

function Scorecards() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: SuppliersQuery, variables: { category: null, first: 50 }, requestPolicy: "cache-and-network" });
  const [recomputing, recompute] = useMutation(RecomputeGradesMutation);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const suppliers = [...(data?.suppliers.nodes ?? [])].sort((a, b) => b.gradeScore - a.gradeScore);

  async function onRecompute() {
    const result = await recompute({});
    const payload = result.data?.recomputeSupplierGrades;
    if (result.error || !payload || payload.errors.length > 0) {
      setNotice({ ok: false, text: result.error ? describeError(result.error).message : (payload?.errors.map((e) => e.message).join(" ") ?? "Grades were not recomputed.") });
      return;
    }
    setNotice({ ok: true, text: `Grades recomputed for ${formatCount(payload.grades.length)} suppliers.` });
    refetch({ requestPolicy: "network-only" });
  }

  if (error && !data) return <ErrorState title="We couldn't load your suppliers" problem={describeError(error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />;
  if (fetching && !data) return <SkeletonCard lines={6} />;
  return (
    <>
      <div className={dash.toolbar} style={{ justifyContent: "space-between" }}>
        <span className={`${dash.small} ${dash.muted}`}>Grades are recomputed monthly; recompute now to see this month's orders count.</span>
        <Button variant="secondary" icon={<Icon name="refresh" size={16} />} busy={recomputing.fetching} onClick={() => void onRecompute()}>
          Recompute grades
        </Button>
      </div>
      {notice ? (
        <p role={notice.ok ? "status" : "alert"} className={notice.ok ? dash.success : `${styles.message} ${styles.error}`}>
          {notice.text}
        </p>
      ) : null}
      {suppliers.length === 0 ? (
        <EmptyState icon="users" title="No suppliers yet">
          Invite your first supplier to start issuing purchase orders.
        </EmptyState>
      ) : (
        <div className={styles.cards}>
          {suppliers.map((supplier) => (
            <Scorecard key={supplier.id} supplier={supplier} />
          ))}
        </div>
      )}
    </>
  );
}

function Scorecard({ supplier }: { supplier: SupplierCard }) {
  const [open, setOpen] = useState(false);
  const card = supplier.scorecard;
  return (
    <section className={dash.panel} aria-labelledby={`supplier-${supplier.id}`} data-supplier={supplier.id} data-grade={supplier.grade}>
      <div className={styles.hero}>
        <GradeBadge grade={supplier.grade} big />
        <div className={styles.heroText}>
          <h2 id={`supplier-${supplier.id}`} className={dash.panelTitle}>
            {supplier.name}
          </h2>
          <span className={`${dash.small} ${dash.muted}`}>
            {gradeMeaning(supplier.grade)} · score <span data-score={supplier.gradeScore}>{(supplier.gradeScore * 100).toFixed(1)}</span>
          </span>
          <span className={dash.small} data-terms={supplier.termsDays}>
            {termsWords(supplier.termsDays)} · {supplier.categories.join(", ")}
          </span>
        </div>
      </div>
      {card ? (
        <dl className={dash.facts}>
          <div>
            <dt>On time</dt>
            <dd>{formatKpi("onTimeRate", card.kpis.onTimeRate)}</dd>
          </div>
          <div>
            <dt>Defects</dt>
            <dd>{formatKpi("defectRate", card.kpis.defectRate)}</dd>
          </div>
          <div>
            <dt>Lead time p90</dt>
            <dd>{formatKpi("leadDaysP90", card.kpis.leadDaysP90)}</dd>
          </div>
          <div>
            <dt>Fill rate</dt>
            <dd>{formatKpi("fillRate", card.kpis.fillRate)}</dd>
          </div>
        </dl>
      ) : null}
      <GradeHistoryChart history={supplier.gradeHistory} label={`${supplier.name}: grade by month`} />
      {card ? (
        <>
          <Button variant="ghost" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
            {open ? "Hide the details" : "Why this grade"}
          </Button>
          {open ? (
            <div className={styles.stack}>
              <KpiStats report={card} currency={supplier.currency} />
              <GradeComponents report={card} />
              <GradeReasons report={card} />
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function OrderBoard() {
  const [stage, setStage] = useState<Stage>("needsYou");
  const states = STAGES[stage].states;
  const [{ data, fetching, error }, refetch] = useQuery({
    query: PurchaseOrdersQuery,
    variables: { filter: { states: [...states] }, first: 100 },
    requestPolicy: "cache-and-network",
  });
  const [notice, setNotice] = useState<string | null>(null);
  const counts = new Map((data?.purchaseOrderBoard ?? []).map((c) => [c.state, c.count]));
  const columns = groupByState(data?.purchaseOrders.nodes ?? [], states);

  return (
    <>
      <div className={`${dash.toolbar} ${styles.scroll}`}>
        <Segmented
          label="Which orders"
          value={stage}
          options={(Object.keys(STAGES) as Stage[]).map((value) => ({
            value,
            label: `${STAGES[value].label} (${formatCount(STAGES[value].states.reduce((n, s) => n + (counts.get(s) ?? 0), 0))})`,
          }))}
          onChange={(next) => {
            setNotice(null);
            setStage(next);
          }}
        />
      </div>
      {notice ? (
        <p role="status" className={dash.success}>
          <Icon name="check" size={18} /> {notice}
        </p>
      ) : null}
      {error && !data ? (
        <ErrorState title="We couldn't load the purchase orders" problem={describeError(error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      ) : fetching && !data ? (
        <SkeletonCard lines={6} />
      ) : (
        <div className={styles.columns}>
          {columns.map((column) => (
            <section key={column.state} className={dash.panel} aria-labelledby={`board-${column.state}`} data-column={column.state}>
              <h2 id={`board-${column.state}`} className={styles.columnHead}>
                {PO_STATE_LABELS[column.state]} <span className={styles.count}>{formatCount(counts.get(column.state) ?? column.orders.length)}</span>
              </h2>
              {column.orders.length === 0 ? (
                <p className={`${dash.small} ${dash.muted}`}>None.</p>
              ) : (
                <div className={styles.orders} style={{ gridTemplateColumns: "minmax(0, 1fr)" }}>
                  {column.orders.map((order) => (
                    <OrderCard
                      key={order.id}
                      order={order}
                      side="brand"
                      onChanged={(_next, message) => {
                        setNotice(message);
                        refetch({ requestPolicy: "network-only" });
                      }}
                    />
                  ))}
                </div>
              )}
            </section>
          ))}
        </div>
      )}
    </>
  );
}

function Payables() {
  const [view, setView] = useState<ScheduleView>("upcoming");
  const [{ data, fetching, error }, refetch] = useQuery({
    query: PayablesScheduleQuery,
    variables: { ...scheduleFilter(view, todayUtc()), first: 100 },
    requestPolicy: "cache-and-network",
  });
  const [notice, setNotice] = useState<string | null>(null);
  const schedule = data?.payablesSchedule;
  if (error && !data) return <ErrorState title="We couldn't load the payables" problem={describeError(error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />;
  if (fetching && !schedule) return <SkeletonCard lines={6} />;
  if (!schedule) return null;
  return (
    <>
      {notice ? (
        <p role="status" className={dash.success}>
          <Icon name="check" size={18} /> {notice}
        </p>
      ) : null}
      <ScheduleStats schedule={schedule} side="brand" view={view} />
      <section className={dash.panel} aria-labelledby="schedule">
        <div className={dash.panelHead}>
          <h2 id="schedule" className={dash.panelTitle}>
            Payables schedule
          </h2>
          <ScheduleViews view={view} onChange={setView} />
        </div>
        <PayablesList
          payables={schedule.payables.nodes}
          side="brand"
          onChanged={(_p, message) => {
            setNotice(message);
            refetch({ requestPolicy: "network-only" });
          }}
        />
      </section>
    </>
  );
}
