import { useState } from "react";
import { useMutation } from "urql";

import { describeError } from "../../lib/graphql/errors";
import { ApproveEarlyPaymentMutation, MarkPayablePaidMutation, RequestEarlyPaymentMutation, type Payable, type Schedule } from "../../lib/graphql/suppliers";
import { formatDate } from "../../lib/format";
import { formatAmount, formatBasisPoints, formatCount, formatMoney } from "../../lib/money";
import {
  canRequestEarly,
  dueWords,
  earlyPayDefault,
  PAYABLE_STATE_LABELS,
  SCHEDULE_VIEWS,
  todayUtc,
  type ScheduleView,
} from "../../lib/suppliers";
import dash from "../Dashboard/Dashboard.module.css";
import { Segmented, Stat, Stats } from "../Dashboard/Stat";
import { EmptyState } from "../Feedback/EmptyState";
import { Button } from "../Form/Button";
import { GradeBadge, ToneBadge } from "./GradeBadge";
import styles from "./Suppliers.module.css";

type Side = "supplier" | "brand";

/** Switches the schedule between upcoming, overdue and paid payables. */
export function ScheduleViews({ view, onChange }: { view: ScheduleView; onChange: (view: ScheduleView) => void }) {
  return <Segmented label="Which payments" value={view} options={SCHEDULE_VIEWS} onChange={onChange} />;
}

/** The open balance, how many payables are overdue, and how many are scheduled. */
export function ScheduleStats({ schedule, side, view }: { schedule: Schedule; side: Side; view: ScheduleView }) {
  return (
    <Stats label="Payments summary">
      <Stat
        label={view === "paid" ? "Still open" : view === "overdue" ? "Overdue balance" : side === "supplier" ? "Owed to you" : "Open balance"}
        value={<span data-open-balance={schedule.openBalanceMinor}>{schedule.currency ? formatMoney(schedule.openBalanceMinor, schedule.currency) : formatCount(schedule.openBalanceMinor)}</span>}
        highlight
      />
      <Stat label="Payables" value={formatCount(schedule.payables.nodes.length)} note={schedule.payables.pageInfo.hasNextPage ? "soonest shown" : undefined} />
      <Stat label="Overdue" value={formatCount(schedule.overdue)} />
    </Stats>
  );
}

/** Payables soonest first, each with its terms and, for the side viewing it, the early-payment step. */
export function PayablesList({ payables, side, onChanged }: { payables: readonly Payable[]; side: Side; onChanged: (payable: Payable, message: string) => void }) {
  if (payables.length === 0) {
    return (
      <EmptyState icon="coins" title="No payments scheduled">
        {side === "supplier" ? "Payments appear here once the brand receives your shipments." : "Payables appear here as shipments are received."}
      </EmptyState>
    );
  }
  return (
    <ul className={styles.payables} aria-label="Payments schedule">
      {payables.map((payable) => (
        <PayableRow key={payable.purchaseOrderId} payable={payable} side={side} onChanged={onChanged} />
      ))}
    </ul>
  );
}

function PayableRow({ payable, side, onChanged }: { payable: Payable; side: Side; onChanged: (payable: Payable, message: string) => void }) {
  const today = todayUtc();
  const [payOn, setPayOn] = useState(earlyPayDefault(payable.dueDate, today));
  const [problem, setProblem] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [requesting, request] = useMutation(RequestEarlyPaymentMutation);
  const [approving, approve] = useMutation(ApproveEarlyPaymentMutation);
  const [paying, pay] = useMutation(MarkPayablePaidMutation);
  const overdue = payable.state !== "PAID" && payable.dueDate < today;

  function settle(result: { error?: Parameters<typeof describeError>[0] }, payload: { payable: Payable | null; errors: readonly { message: string }[] } | undefined, done: string) {
    if (result.error) return setProblem(describeError(result.error).message);
    if (!payload || payload.errors.length > 0 || !payload.payable) return setProblem(payload?.errors.map((e) => e.message).join(" ") || "That didn't go through.");
    setProblem(null);
    onChanged(payload.payable, done);
  }

  return (
    <li className={styles.payable} data-payable={payable.purchaseOrderId} data-payable-state={payable.state}>
      <div className={styles.payableMain}>
        <span className={dash.row} style={{ gap: 8 }}>
          {side === "brand" && payable.supplier ? (
            <>
              <GradeBadge grade={payable.grade} />
              <span className={dash.strong}>{payable.supplier.name}</span>
            </>
          ) : (
            <span className={dash.strong}>{formatCount(payable.pieces)} pieces</span>
          )}
          <ToneBadge tone={payable.state === "PAID" ? "green" : payable.state === "OPEN" ? "neutral" : "blue"}>{PAYABLE_STATE_LABELS[payable.state]}</ToneBadge>
          {overdue ? <ToneBadge tone="red">Overdue</ToneBadge> : null}
        </span>
        <span className={`${dash.small} ${dash.muted}`}>
          {payable.state === "PAID" ? `Paid${payable.paidAt ? ` ${formatDate(payable.paidAt)}` : ""}` : `${formatDate(payable.dueDate)}, ${dueWords(payable.dueDate, today)}`}
          {" · "}
          {payable.termsDays}-day terms at grade {payable.grade}
          {side === "brand" ? ` · ${formatCount(payable.pieces)} pieces` : ""}
        </span>
        {payable.state === "EARLY_REQUESTED" && payable.requestedPayDate ? (
          <span className={dash.small}>Asked to be paid on {formatDate(payable.requestedPayDate)} instead of {formatDate(payable.originalDueDate)}</span>
        ) : null}
        {payable.discountBps ? (
          <span className={dash.small}>
            Early payment at {formatBasisPoints(payable.discountBps)} discount ({formatAmount(payable.discount)})
          </span>
        ) : null}
      </div>
      <span className={styles.payableAmount}>{formatAmount(payable.balance.amountMinor > 0 || payable.state !== "PAID" ? payable.balance : payable.amount)}</span>
      {side === "supplier" && canRequestEarly(payable, today) && !asking ? (
        <div className={`${styles.actions} ${styles.payableActions}`}>
          <Button variant="secondary" onClick={() => setAsking(true)}>
            Get paid early…
          </Button>
        </div>
      ) : null}
      {side === "supplier" && canRequestEarly(payable, today) && asking ? (
        <div className={`${styles.actions} ${styles.payableActions}`}>
          <label className={styles.field}>
            Be paid on
            <input type="date" value={payOn} min={today} max={payable.dueDate} onChange={(e) => setPayOn(e.target.value)} />
          </label>
          <Button
            variant="secondary"
            busy={requesting.fetching}
            onClick={() =>
              void request({ purchaseOrderId: payable.purchaseOrderId, payOn }).then((r) => settle(r, r.data?.requestEarlyPayment, `Early payment requested for ${formatDate(payOn)}.`))
            }
          >
            Request early payment
          </Button>
          <Button variant="ghost" onClick={() => setAsking(false)}>
            Cancel
          </Button>
        </div>
      ) : null}
      {side === "brand" && payable.state !== "PAID" ? (
        <div className={`${styles.actions} ${styles.payableActions}`}>
          {payable.state === "EARLY_REQUESTED" ? (
            <Button
              busy={approving.fetching}
              onClick={() => void approve({ purchaseOrderId: payable.purchaseOrderId }).then((r) => settle(r, r.data?.approveEarlyPayment, "Early payment approved."))}
            >
              Approve early payment
            </Button>
          ) : null}
          <Button
            variant="secondary"
            busy={paying.fetching}
            onClick={() => void pay({ purchaseOrderId: payable.purchaseOrderId }).then((r) => settle(r, r.data?.markPayablePaid, "Marked paid."))}
          >
            Mark paid
          </Button>
        </div>
      ) : null}
      {problem ? (
        <p role="alert" className={`${styles.message} ${styles.error} ${styles.payableActions}`}>
          {problem}
        </p>
      ) : null}
    </li>
  );
}
