import { useState } from "react";
import { useMutation } from "urql";

import { describeError } from "../../lib/graphql/errors";
import { SubmitDeliverableMutation } from "../../lib/graphql/posts";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import styles from "./Deliverables.module.css";

interface SubmitAgainProps {
  postId: string;
  campaignId: string;
  /** From the API: true when nothing changed since the brand sent it back, so it asks before sending the same post again. */
  unchanged?: boolean | null;
  /** After the post is submitted: the caller reloads what it shows. */
  onSubmitted: () => void;
}

const NOTHING_CHANGED = "Nothing has changed since the brand sent this back. Edit the caption or product tags first, or send it as it is.";

/**
 * For a post the brand sent back: submit it for the same campaign again. When nothing changed
 * since, it says so and asks before sending the same post (the API refuses a silent resubmit).
 */
export function SubmitAgain({ postId, campaignId, unchanged = false, onSubmitted }: SubmitAgainProps) {
  const [{ fetching }, submit] = useMutation(SubmitDeliverableMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  async function send(allowUnchanged: boolean) {
    setProblem(null);
    const result = await submit(allowUnchanged ? { postId, campaignId, allowUnchanged } : { postId, campaignId });
    const payload = result.data?.submitDeliverable;
    if (result.error && !payload) {
      setProblem(describeError(result.error).message);
      return;
    }
    const errors = payload?.errors ?? [];
    if (errors.some((e) => e.code === "UNCHANGED")) {
      setConfirming(true); // the page was stale: the server found nothing changed
      return;
    }
    if (!payload || errors.length > 0) setProblem(errors.map((e) => e.message).join(" ") || "The post wasn't submitted. Try again.");
    else {
      setConfirming(false);
      onSubmitted();
    }
  }

  return (
    <div className={styles.actions}>
      {unchanged || confirming ? (
        <p role={confirming ? "alert" : undefined} className={styles.warning}>
          {NOTHING_CHANGED}
        </p>
      ) : null}
      {confirming ? (
        <>
          <Button variant="secondary" busy={fetching} onClick={() => void send(true)}>
            Submit it unchanged
          </Button>
          <Button variant="ghost" disabled={fetching} onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </>
      ) : (
        <Button variant="secondary" busy={fetching} onClick={() => (unchanged ? setConfirming(true) : void send(false))} icon={<Icon name="send" size={16} />}>
          Submit again
        </Button>
      )}
      {problem ? (
        <p role="alert" className={styles.problem}>
          {problem}
        </p>
      ) : null}
    </div>
  );
}
