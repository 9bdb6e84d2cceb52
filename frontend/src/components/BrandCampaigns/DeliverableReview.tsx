import { useCallback, useId, useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { useInfiniteConnection } from "../../hooks/useInfiniteConnection";
import { DELIVERABLE_FILTERS, feeNote, filterStatus, type DeliverableFilter } from "../../lib/deliverables";
import type { Campaign } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import {
  ApproveDeliverableMutation,
  CampaignDeliverablesQuery,
  RejectDeliverableMutation,
  type ReviewPost,
} from "../../lib/graphql/posts";
import type { Connection, UserError } from "../../lib/graphql/types";
import { formatDate } from "../../lib/format";
import { Avatar } from "../Brand/Avatar";
import styles from "../Dashboard/Dashboard.module.css";
import { Segmented } from "../Dashboard/Stat";
import { DeliverableBadge } from "../Deliverables/DeliverableBadge";
import local from "../Deliverables/Deliverables.module.css";
import { captionExcerpt, PostThumb } from "../Deliverables/PostThumb";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { ListFooter } from "../Feedback/ListFooter";
import { Skeleton } from "../Feedback/Skeleton";
import { Button } from "../Form/Button";
import { TextAreaField } from "../Form/Field";
import { Icon } from "../Icon/Icon";
import { DeliverableChanges } from "./DeliverableChanges";

const PAGE = 12;
const REASON_MAX = 500;

const EMPTY: Record<DeliverableFilter, string> = {
  SUBMITTED: "Nothing waiting for review",
  APPROVED: "No approved posts yet",
  REJECTED: "No posts sent back",
  ALL: "No posts submitted yet",
};

/** The posts creators submitted for the campaign, filtered by review status, each approved or sent back here. */
export function DeliverableReview({ campaign, onDecided }: { campaign: Campaign; onDecided: () => void }) {
  const [filter, setFilter] = useState<DeliverableFilter>("SUBMITTED");
  const select = useCallback((data: { campaign: { deliverables: Connection<ReviewPost> } }) => data.campaign.deliverables, []);
  const { state, loadMore, retry, refresh } = useInfiniteConnection(
    CampaignDeliverablesQuery,
    { id: campaign.id, status: filterStatus(filter) },
    select,
    PAGE,
  );
  // No optimistic moves: after a decision the list is read again, so it shows what the server holds.
  const decided = useCallback(() => {
    refresh();
    onDecided();
  }, [refresh, onDecided]);

  return (
    <section className={styles.panel} aria-labelledby="deliverables">
      <div className={styles.panelHead}>
        <h2 id="deliverables" className={styles.panelTitle}>
          Deliverables{" "}
          <span className={styles.muted}>
            {state.pages > 0 && state.items.length > 0 ? `${state.items.length}${state.hasMore ? "+" : ""}` : ""}
          </span>
        </h2>
        <Segmented label="Deliverable status" value={filter} options={DELIVERABLE_FILTERS} onChange={setFilter} />
      </div>
      {campaign.commissionRule.kind === "FIXED_FEE" ? (
        <p className={`${styles.small} ${styles.muted}`} style={{ margin: 0 }}>
          Each approved post pays its creator the campaign's fixed fee, from the budget.
        </p>
      ) : null}
      {state.pages === 0 && state.problem ? (
        <ErrorState title="We couldn't load the deliverables" problem={state.problem} onRetry={retry} />
      ) : state.pages === 0 ? (
        <div aria-busy="true" className={local.list}>
          <Skeleton height={136} radius={12} />
          <Skeleton height={136} radius={12} />
        </div>
      ) : state.items.length === 0 ? (
        <EmptyState icon="image" title={EMPTY[filter]}>
          Creators approved in the campaign submit their posts from the composer.
        </EmptyState>
      ) : (
        <ul className={local.list} aria-label="Submitted posts">
          {state.items.map((post) => (
            <li key={post.id}>
              <ReviewCard post={post} campaign={campaign} onDecided={decided} />
            </li>
          ))}
        </ul>
      )}
      <ListFooter state={state} loadMore={loadMore} retry={retry} problemClassName={local.problem} />
    </section>
  );
}

function errorText(errors: readonly UserError[]): string {
  return errors.map((e) => e.message).join(" ");
}

function ReviewCard({ post, campaign, onDecided }: { post: ReviewPost; campaign: Campaign; onDecided: () => void }) {
  const [{ fetching: approving }, approve] = useMutation(ApproveDeliverableMutation);
  const [{ fetching: rejecting }, reject] = useMutation(RejectDeliverableMutation);
  const [rejectOpen, setRejectOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const titleId = useId();
  const deliverable = post.deliverable;
  const name = post.author?.displayName ?? "Creator";
  if (!deliverable) return null;
  const fee = feeNote(campaign.commissionRule, deliverable);
  const busy = approving || rejecting;

  async function sendApprove() {
    setProblem(null);
    const result = await approve({ postId: post.id });
    const payload = result.data?.approveDeliverable;
    if (result.error && !payload) setProblem(describeError(result.error).message);
    else if (!payload || payload.errors.length > 0) setProblem(payload ? errorText(payload.errors) : "The post wasn't approved. Try again.");
    else onDecided();
  }

  async function sendReject(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const text = reason.trim();
    if (!text) {
      setReasonError(`Tell ${name} what to change.`);
      return;
    }
    setReasonError(undefined);
    const result = await reject({ postId: post.id, reason: text });
    const payload = result.data?.rejectDeliverable;
    if (result.error && !payload) {
      setProblem(describeError(result.error).message);
      return;
    }
    if (!payload || payload.errors.length > 0) {
      const errors = payload?.errors ?? [];
      const onReason = errors.filter((e) => e.field?.split(".").pop() === "reason");
      setReasonError(onReason.length > 0 ? errorText(onReason) : undefined);
      const rest = errors.filter((e) => !onReason.includes(e));
      if (rest.length > 0 || !payload) setProblem(payload ? errorText(rest) : "The post wasn't sent back. Try again.");
      return;
    }
    onDecided();
  }

  return (
    <article className={local.card} aria-labelledby={titleId}>
      <PostThumb post={post} label={`Open ${name}'s post`} backLabel="Campaign" />
      <div className={local.body}>
        <div className={local.who}>
          <Avatar name={name} url={post.author?.avatarUrl} size={28} />
          <span id={titleId} className={local.name}>
            {name}
          </span>
          <DeliverableBadge status={deliverable.status} />
        </div>
        {post.caption ? <p className={local.caption}>{captionExcerpt(post.caption)}</p> : null}
        <p className={local.meta}>
          Submitted <time dateTime={deliverable.submittedAt}>{formatDate(deliverable.submittedAt)}</time>
          {deliverable.decidedAt ? (
            <>
              {" · "}
              {deliverable.status === "APPROVED" ? "approved" : "sent back"} <time dateTime={deliverable.decidedAt}>{formatDate(deliverable.decidedAt)}</time>
            </>
          ) : null}
        </p>
        {fee ? <p className={local.fee}>{fee}</p> : null}
        {deliverable.status === "REJECTED" && deliverable.reason ? <p className={local.reason}>Reason: {deliverable.reason}</p> : null}
        {deliverable.status !== "REJECTED" && deliverable.changes ? <DeliverableChanges changes={deliverable.changes} submissionNumber={deliverable.submissionNumber} /> : null}
        {deliverable.status === "SUBMITTED" ? (
          rejectOpen ? (
            <form className={local.body} onSubmit={(e) => void sendReject(e)} noValidate>
              <TextAreaField
                label="What should change?"
                hint={`${name} reads this and can submit the post again.`}
                value={reason}
                maxLength={REASON_MAX}
                rows={3}
                onChange={(e) => setReason(e.target.value)}
                error={reasonError}
                autoFocus
                disabled={rejecting}
              />
              <div className={local.actions}>
                <Button type="submit" variant="danger" busy={rejecting}>
                  Send back
                </Button>
                <Button
                  variant="ghost"
                  disabled={rejecting}
                  onClick={() => {
                    setRejectOpen(false);
                    setReasonError(undefined);
                  }}
                >
                  Cancel
                </Button>
              </div>
            </form>
          ) : (
            <div className={local.actions}>
              <Button busy={approving} disabled={busy} onClick={() => void sendApprove()} icon={<Icon name="check" size={16} />}>
                Approve
              </Button>
              <Button variant="secondary" disabled={busy} onClick={() => setRejectOpen(true)}>
                Reject
              </Button>
            </div>
          )
        ) : null}
        {problem ? (
          <p role="alert" className={local.problem}>
            {problem}
          </p>
        ) : null}
      </div>
    </article>
  );
}
