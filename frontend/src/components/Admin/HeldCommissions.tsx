import { useCallback, useMemo, useRef, useState } from "react";
import { useMutation } from "urql";

import { useInfiniteConnection } from "../../hooks/useInfiniteConnection";
import { formatDate } from "../../lib/format";
import { RejectHoldMutation, ReleaseHoldMutation, HeldCommissionsQuery, type HeldCommission } from "../../lib/graphql/admin";
import { describeError } from "../../lib/graphql/errors";
import type { Connection } from "../../lib/graphql/types";
import { formatAmount } from "../../lib/money";
import dash from "../Dashboard/Dashboard.module.css";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { ListFooter } from "../Feedback/ListFooter";
import { Skeleton } from "../Feedback/Skeleton";
import { Button } from "../Form/Button";
import { FormSuccess } from "../Form/Field";
import styles from "./Admin.module.css";
import { heldAgeText, holdReasonExplanation, holdReasonLabel, holdStateLabel, influencerName, OVERDUE_HOLD_DAYS } from "./labels";

const PAGE = 25;

type Decision = "release" | "reject";

/**
 * Commissions held for review (a self-purchase, a flagged click), each released to the
 * influencer's pending earnings or rejected after a confirmation. The review queue lists only
 * the undecided ones; "Show decided" adds those already released or rejected, with where they
 * stand now.
 */
export function HeldCommissions({ onDecided }: { onDecided?: () => void }) {
  const [showDecided, setShowDecided] = useState(false);
  const variables = useMemo(() => ({ waiting: !showDecided }), [showDecided]);
  const select = useCallback((data: { heldCommissions: Connection<HeldCommission> }) => data.heldCommissions, []);
  const { state, loadMore, retry, refresh } = useInfiniteConnection(HeldCommissionsQuery, variables, select, PAGE);
  const [done, setDone] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Waiting ones first, each group longest-held first as the API sends them.
  const rows = useMemo(
    () => [...state.items.filter((c) => c.state === "ON_HOLD"), ...state.items.filter((c) => c.state !== "ON_HOLD")],
    [state.items],
  );
  const waiting = state.items.filter((c) => c.state === "ON_HOLD").length;

  const decided = useCallback(
    (commission: HeldCommission, decision: Decision) => {
      const who = influencerName(commission.influencer, commission.influencerId);
      setDone(
        decision === "release"
          ? `Released ${formatAmount(commission.amount)} to ${who}'s pending earnings.`
          : `Rejected ${formatAmount(commission.amount)} held for ${who}; the campaign's budget gets it back.`,
      );
      refresh();
      // The decided row leaves the queue, and the focused button with it: focus goes back to
      // the list's heading rather than to the page's top.
      headingRef.current?.focus();
      onDecided?.();
    },
    [refresh, onDecided],
  );

  return (
    <section className={dash.panel} aria-labelledby="held-title">
      <div className={dash.panelHead}>
        <h2 id="held-title" ref={headingRef} tabIndex={-1} className={dash.panelTitle}>
          Held commissions{" "}
          {state.pages > 0 ? (
            <span className={dash.muted}>
              {waiting}
              {state.hasMore ? "+" : ""} awaiting review
            </span>
          ) : null}
        </h2>
        <label className={dash.chip}>
          <input
            type="checkbox"
            checked={showDecided}
            onChange={(e) => {
              setShowDecided(e.target.checked);
              setDone(null);
            }}
          />
          Show decided
        </label>
      </div>
      <p className={dash.panelText}>
        Commissions wait here when the buyer looks like the influencer or the click was flagged, the longest-waiting
        first. Release one to count it as earned; reject it and nobody is paid.
      </p>
      {done ? <FormSuccess>{done}</FormSuccess> : null}
      {state.pages === 0 && state.problem ? (
        <ErrorState title="We couldn't load the held commissions" problem={state.problem} onRetry={retry} />
      ) : state.pages === 0 ? (
        <div aria-busy="true" className={styles.stack}>
          <Skeleton height={44} />
          <Skeleton height={44} />
        </div>
      ) : rows.length === 0 ? (
        showDecided ? (
          <EmptyState icon="check" title="Nothing is held">
            No commission has needed a review.
          </EmptyState>
        ) : (
          <EmptyState icon="check" title="Nothing to review">
            No held commission is waiting for a decision.
          </EmptyState>
        )
      ) : (
        <div className={dash.tableWrap}>
          <table className={dash.table}>
            <caption className="visually-hidden">{showDecided ? "Held commissions" : "Held commissions awaiting review"}</caption>
            <thead>
              <tr>
                <th scope="col">Influencer</th>
                <th scope="col" className={dash.num}>
                  Amount
                </th>
                <th scope="col">Why held</th>
                <th scope="col">Waiting</th>
                <th scope="col">Review</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((commission) => (
                <HeldRow
                  key={commission.id}
                  commission={commission}
                  who={influencerName(commission.influencer, commission.influencerId)}
                  onDecided={(decision) => decided(commission, decision)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ListFooter state={state} loadMore={loadMore} retry={retry} problemClassName={styles.problem} />
    </section>
  );
}

function HeldRow({ commission, who, onDecided }: { commission: HeldCommission; who: string; onDecided: (decision: Decision) => void }) {
  const [{ fetching: releasing }, release] = useMutation(ReleaseHoldMutation);
  const [{ fetching: rejecting }, reject] = useMutation(RejectHoldMutation);
  const [confirming, setConfirming] = useState<Decision | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const busy = releasing || rejecting;
  const amount = formatAmount(commission.amount);
  const explanation = holdReasonExplanation(commission.holdReason);

  async function send(decision: Decision) {
    setProblem(null);
    const variables = { commissionId: commission.id };
    const result = decision === "release" ? await release(variables) : await reject(variables);
    const payload = result.data ? ("releaseHold" in result.data ? result.data.releaseHold : result.data.rejectHold) : undefined;
    if (result.error && !payload) setProblem(describeError(result.error).message);
    else if (!payload || payload.errors.length > 0)
      setProblem(payload ? payload.errors.map((e) => e.message).join(" ") : "Nothing changed. Try again.");
    else {
      setConfirming(null);
      onDecided(decision);
    }
  }

  return (
    <tr>
      <td data-label="Influencer">
        <span className={dash.strong}>{who}</span>
        {commission.orderId ? <div className={styles.idText}>Order {commission.orderId}</div> : null}
      </td>
      <td data-label="Amount" className={dash.num}>
        {amount}
      </td>
      <td data-label="Why held">
        <div className={styles.reason}>
          <span>{holdReasonLabel(commission.holdReason)}</span>
          {explanation ? <span className={styles.explain}>{explanation}</span> : null}
        </div>
      </td>
      <td data-label="Waiting">
        {commission.heldDays !== null ? (
          <span
            className={`${dash.badge} ${commission.heldDays >= OVERDUE_HOLD_DAYS ? dash.badgeRed : dash.badgeAmber}`}
            data-testid="held-age"
          >
            {heldAgeText(commission.heldDays)}
          </span>
        ) : null}
        <div className={`${dash.small} ${dash.muted}`}>
          since <time dateTime={commission.heldSince ?? commission.createdAt}>{formatDate(commission.heldSince ?? commission.createdAt)}</time>
        </div>
      </td>
      <td data-label="Review">
        {commission.state !== "ON_HOLD" ? (
          <span className={`${dash.badge} ${commission.state === "REJECTED" ? dash.badgeRed : dash.badgeGreen}`}>
            {holdStateLabel(commission.state)}
          </span>
        ) : confirming ? (
          <div className={styles.confirm} role="group" aria-label={`Confirm for ${who}`}>
            <span>
              {confirming === "release" ? `Release ${amount} to ${who}?` : `Reject ${amount}? Nobody will be paid it.`}
            </span>
            <Button
              variant={confirming === "release" ? "primary" : "danger"}
              busy={busy}
              onClick={() => void send(confirming)}
            >
              {confirming === "release" ? "Yes, release" : "Yes, reject"}
            </Button>
            <Button variant="ghost" disabled={busy} onClick={() => setConfirming(null)}>
              Cancel
            </Button>
          </div>
        ) : (
          <div className={styles.actions}>
            <span className={`${dash.badge} ${dash.badgeAmber}`}>{holdStateLabel(commission.state)}</span>
            <Button variant="secondary" onClick={() => setConfirming("release")} aria-label={`Release ${amount} for ${who}`}>
              Release
            </Button>
            <Button variant="ghost" onClick={() => setConfirming("reject")} aria-label={`Reject ${amount} for ${who}`}>
              Reject
            </Button>
          </div>
        )}
        {problem ? (
          <p role="alert" className={styles.problem}>
            {problem}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
