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
  /** After the post is submitted: the caller reloads what it shows. */
  onSubmitted: () => void;
}

/** For a post the brand sent back: submit it for the same campaign again (after changing it). */
export function SubmitAgain({ postId, campaignId, onSubmitted }: SubmitAgainProps) {
  const [{ fetching }, submit] = useMutation(SubmitDeliverableMutation);
  const [problem, setProblem] = useState<string | null>(null);

  async function send() {
    setProblem(null);
    const result = await submit({ postId, campaignId });
    const payload = result.data?.submitDeliverable;
    if (result.error && !payload) setProblem(describeError(result.error).message);
    else if (!payload || payload.errors.length > 0) setProblem(payload?.errors.map((e) => e.message).join(" ") || "The post wasn't submitted. Try again.");
    else onSubmitted();
  }

  return (
    <div className={styles.actions}>
      <Button variant="secondary" busy={fetching} onClick={() => void send()} icon={<Icon name="send" size={16} />}>
        Submit again
      </Button>
      {problem ? (
        <p role="alert" className={styles.problem}>
          {problem}
        </p>
      ) : null}
    </div>
  );
}
