import { useState } from "react";
import { useMutation } from "urql";

import { formatDate } from "../../lib/format";
import { RunPayoutsMutation, type PayoutMade } from "../../lib/graphql/admin";
import { describeError } from "../../lib/graphql/errors";
import { formatAmount } from "../../lib/money";
import dash from "../Dashboard/Dashboard.module.css";
import { Button } from "../Form/Button";
import { FormAlert } from "../Form/Field";
import { Icon } from "../Icon/Icon";
import styles from "./Admin.module.css";
import { influencerName, newRequestId, nothingPaidText, payoutSummary } from "./labels";

interface RunResult {
  runId: string;
  payouts: PayoutMade[];
  minimumMinor: number;
}

/**
 * Pays every influencer whose approved earnings, less clawbacks due, reach the payout minimum.
 * The run id is kept until a run answers, so a retry after a lost answer pays nothing twice.
 */
export function PayoutRun() {
  const [{ fetching }, run] = useMutation(RunPayoutsMutation);
  const [runId, setRunId] = useState(newRequestId);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<RunResult | null>(null);
  const [problem, setProblem] = useState<string[]>([]);

  async function pay() {
    setProblem([]);
    const answer = await run({ input: { runId } });
    const payload = answer.data?.runPayouts;
    if (answer.error && !payload) {
      setProblem([describeError(answer.error).message]);
      return;
    }
    if (!payload || payload.errors.length > 0) {
      setProblem(payload ? payload.errors.map((e) => e.message) : ["The payout run didn't answer. Try again."]);
      return;
    }
    setResult({ runId, payouts: payload.payouts, minimumMinor: payload.minimumMinor });
    setConfirming(false);
    setRunId(newRequestId());
  }

  const summary = result ? payoutSummary(result.payouts) : null;

  return (
    <section className={dash.panel} aria-labelledby="payouts-title">
      <h2 id="payouts-title" className={dash.panelTitle}>
        Payouts
      </h2>
      <p className={dash.panelText}>
        A run pays each influencer's approved commissions less any money taken back, per currency, when the sum reaches
        the payout minimum. Whatever is below it waits for a later run.
      </p>
      {confirming ? (
        <div className={styles.confirm} role="group" aria-label="Confirm the payout run">
          <span>Pay everyone who is due now?</span>
          <Button busy={fetching} onClick={() => void pay()} icon={<Icon name="coins" size={16} />}>
            Yes, pay now
          </Button>
          <Button variant="ghost" disabled={fetching} onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <div className={styles.actions}>
          <Button onClick={() => setConfirming(true)} icon={<Icon name="coins" size={16} />}>
            Run payouts
          </Button>
        </div>
      )}
      <FormAlert messages={problem} />
      {result ? (
        <div className={styles.result} role="status" aria-label="Payout run result">
          {summary ? (
            <>
              <p className={dash.strong}>
                Paid {summary.total} to {summary.people} influencer{summary.people === 1 ? "" : "s"} for {summary.commissions}{" "}
                commission{summary.commissions === 1 ? "" : "s"}.
              </p>
              <div className={dash.tableWrap}>
                <table className={dash.table}>
                  <caption className="visually-hidden">Payouts made</caption>
                  <thead>
                    <tr>
                      <th scope="col">Influencer</th>
                      <th scope="col" className={dash.num}>
                        Amount
                      </th>
                      <th scope="col" className={dash.num}>
                        Commissions
                      </th>
                      <th scope="col" className={dash.num}>
                        Taken back
                      </th>
                      <th scope="col">Paid</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.payouts.map((payout) => (
                      <tr key={payout.id}>
                        <td>{influencerName(payout.influencer, payout.influencerId)}</td>
                        <td className={dash.num}>{formatAmount(payout.amount)}</td>
                        <td className={dash.num}>{payout.commissionCount}</td>
                        <td className={dash.num}>{payout.clawbackCount}</td>
                        <td>
                          <time dateTime={payout.createdAt}>{formatDate(payout.createdAt)}</time>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p>
              <span className={dash.strong}>Nothing was paid.</span> {nothingPaidText(result.minimumMinor)}
            </p>
          )}
        </div>
      ) : null}
    </section>
  );
}
