import { useCallback, useId, useState } from "react";
import { Link, useLocation } from "react-router";
import { useMutation, useQuery } from "urql";

import { useInfiniteConnection } from "../../hooks/useInfiniteConnection";
import { formatDate } from "../../lib/format";
import {
  MODERATION_DECISIONS,
  ModeratePostMutation,
  ModerationQueueQuery,
  OriginalPostQuery,
  type ModerationDecision,
  type ModerationImage,
  type ModerationPost,
  type ModerationReport,
  type ReportTally,
} from "../../lib/graphql/admin";
import { describeError } from "../../lib/graphql/errors";
import type { PostStatus } from "../../lib/graphql/posts";
import type { Connection } from "../../lib/graphql/types";
import { Avatar } from "../Brand/Avatar";
import dash from "../Dashboard/Dashboard.module.css";
import { captionExcerpt } from "../Deliverables/PostThumb";
import { postPath } from "../Feed/PostCard";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { ListFooter } from "../Feedback/ListFooter";
import { Skeleton } from "../Feedback/Skeleton";
import { Button } from "../Form/Button";
import { FormSuccess, TextAreaField } from "../Form/Field";
import { Icon } from "../Icon/Icon";
import styles from "./Admin.module.css";
import { PostImage } from "./PostImage";
import {
  decisionLabel,
  postStatusLabel,
  reportCountText,
  reportReasonLabel,
  reviewReasonLabel,
  similarityText,
  tallyQuorumText,
  tallyVerdictText,
  tallyWeightText,
  weightText,
} from "./labels";

const PAGE = 10;
const NOTE_MAX = 500;
/** Reports listed per card; a brigade's hundreds are summed in the tally, not listed. */
const REPORTS_SHOWN = 8;

const BUTTON_VARIANT: Record<ModerationDecision, "primary" | "secondary" | "danger"> = {
  APPROVE: "primary",
  HIDE: "secondary",
  REMOVE: "danger",
};

/** Posts waiting for a decision, as cards; after each decision the queue is read again. */
export function ModerationQueue() {
  const select = useCallback((data: { moderationQueue: Connection<ModerationPost> }) => data.moderationQueue, []);
  const { state, loadMore, retry, refresh } = useInfiniteConnection(ModerationQueueQuery, {}, select, PAGE);
  const [lastDecision, setLastDecision] = useState<string | null>(null);

  const decided = useCallback(
    (post: ModerationPost, decision: ModerationDecision) => {
      const who = post.author?.displayName ?? "an unknown author";
      setLastDecision(`${decisionLabel(decision).done}: the post by ${who}.`);
      refresh();
    },
    [refresh],
  );

  return (
    <section className={styles.stack} aria-label="Moderation queue">
      {lastDecision ? <FormSuccess>{lastDecision}</FormSuccess> : null}
      {state.pages === 0 && state.problem ? (
        <ErrorState title="We couldn't load the queue" problem={state.problem} onRetry={retry} />
      ) : state.pages === 0 ? (
        <div aria-busy="true" className={styles.queue}>
          <Skeleton height={280} radius={18} />
          <Skeleton height={280} radius={18} />
        </div>
      ) : state.items.length === 0 ? (
        <EmptyState icon="shield" title="The queue is clear">
          Posts land here when people report them or when a photo looks like another author's earlier one.
        </EmptyState>
      ) : (
        <ul className={styles.queue} aria-label="Posts waiting for a decision">
          {state.items.map((post) => (
            <li key={post.id}>
              <QueueCard post={post} onDecided={(decision) => decided(post, decision)} />
            </li>
          ))}
        </ul>
      )}
      <ListFooter state={state} loadMore={loadMore} retry={retry} problemClassName={styles.problem} />
    </section>
  );
}

function QueueCard({ post, onDecided }: { post: ModerationPost; onDecided: (decision: ModerationDecision) => void }) {
  const [{ fetching }, moderate] = useMutation(ModeratePostMutation);
  const [note, setNote] = useState("");
  const [pending, setPending] = useState<ModerationDecision | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const titleId = useId();
  const name = post.author?.displayName ?? "Unknown author";
  const repost = post.likelyRepost;
  const reasons = post.moderation?.reasons ?? [];
  const reports = reportCountText(post.moderation?.openReportCount ?? 0);
  const shownIndex = repost?.imageIndex ?? 0;

  async function decide(decision: ModerationDecision) {
    setProblem(null);
    setPending(decision);
    const text = note.trim();
    const result = await moderate({ id: post.id, decision, note: text || null });
    setPending(null);
    const payload = result.data?.moderatePost;
    if (result.error && !payload) setProblem(describeError(result.error).message);
    else if (!payload || payload.errors.length > 0)
      setProblem(payload ? payload.errors.map((e) => e.message).join(" ") : "The decision wasn't saved. Try again.");
    else onDecided(decision);
  }

  return (
    <article className={styles.card} aria-labelledby={titleId}>
      <div className={styles.cardHead}>
        <div className={styles.who}>
          <Avatar name={name} url={post.author?.avatarUrl} size={36} />
          <div className={styles.whoText}>
            <h2 id={titleId} className={styles.name}>
              {name}
            </h2>
            <p className={styles.meta}>
              Posted <time dateTime={post.createdAt}>{formatDate(post.createdAt)}</time> · {postStatusLabel(post.status)}
            </p>
          </div>
        </div>
        <div className={styles.chips} aria-label="Why it is here">
          {reasons.map((reason) => (
            <span key={reason} className={`${dash.badge} ${reason === "REPORTED" ? dash.badgeRed : dash.badgeAmber}`}>
              {reviewReasonLabel(reason)}
            </span>
          ))}
          {reports ? <span className={`${dash.badge} ${dash.badgeRed}`}>{reports}</span> : null}
        </div>
      </div>

      <div className={styles.photos}>
        <PostFigure
          postId={post.id}
          status={post.status}
          image={post.images[shownIndex] ?? post.images[0]}
          title={repost ? "This post" : post.imageCount > 1 ? `Photo 1 of ${post.imageCount}` : "Photo"}
          note={repost && post.imageCount > 1 ? `Photo ${repost.imageIndex + 1} of ${post.imageCount}` : null}
          label={`Open ${name}'s post`}
        />
        {repost ? <OriginalFigure postId={repost.originalPostId} imageIndex={repost.originalImageIndex} /> : null}
      </div>
      {repost ? <p className={styles.similar}>{similarityText(repost.distance)} to the earlier post.</p> : null}
      {post.caption ? <p className={styles.caption}>{captionExcerpt(post.caption, 240)}</p> : null}
      {post.moderation && post.moderation.reports.length > 0 ? (
        <ReportWeights tally={post.moderation.reportTally} reports={post.moderation.reports} />
      ) : null}

      <div className={styles.decide}>
        <TextAreaField
          label="Note (optional)"
          hint="Kept with the decision in the post's moderation log."
          value={note}
          maxLength={NOTE_MAX}
          rows={2}
          onChange={(e) => setNote(e.target.value)}
          disabled={fetching}
        />
        <div className={styles.actions}>
          {MODERATION_DECISIONS.map((decision) => {
            const words = decisionLabel(decision);
            return (
              <Button
                key={decision}
                variant={BUTTON_VARIANT[decision]}
                busy={pending === decision}
                disabled={fetching}
                title={words.effect}
                icon={decision === "APPROVE" ? <Icon name="check" size={16} /> : undefined}
                onClick={() => void decide(decision)}
              >
                {words.action}
              </Button>
            );
          })}
        </div>
        {problem ? (
          <p role="alert" className={styles.problem}>
            {problem}
          </p>
        ) : null}
      </div>
    </article>
  );
}

/**
 * Each open report with the weight its reporter's standing gave it, and the total against the
 * threshold: a brigade of new accounts shows as many reports weighing next to nothing.
 */
function ReportWeights({ tally, reports }: { tally: ReportTally; reports: readonly ModerationReport[] }) {
  const titleId = useId();
  const shown = reports.slice(0, REPORTS_SHOWN);
  const hidden = reports.length - shown.length;
  return (
    <section className={styles.reports} aria-labelledby={titleId}>
      <h3 id={titleId} className={styles.reportsTitle}>
        Reports by weight
      </h3>
      <div className={styles.tally}>
        <meter
          className={styles.meter}
          min={0}
          max={tally.hideWeight}
          value={Math.min(tally.weight, tally.hideWeight)}
          aria-label="Report weight against the hiding threshold"
        />
        <p className={styles.tallyText}>
          <strong>{tallyWeightText(tally)}</strong>
          <span>{tallyQuorumText(tally)}</span>
          <span>{tallyVerdictText(tally)}</span>
        </p>
      </div>
      <div className={styles.reportWrap}>
        <table className={styles.reportTable} aria-label="Open reports">
          <thead>
            <tr>
              <th scope="col">Reporter</th>
              <th scope="col">Reason</th>
              <th scope="col">Weight</th>
              <th scope="col">Network</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((report, index) => (
              <tr key={report.reporter?.id ?? `gone-${index}`}>
                <td>{report.reporter?.displayName ?? "Deleted account"}</td>
                <td>
                  {reportReasonLabel(report.reason)}
                  {report.details ? <span className={styles.reportDetails}>{report.details}</span> : null}
                </td>
                <td>
                  <span className={styles.weight}>{weightText(report.weight)}</span>
                  {report.hasStanding ? null : <span className={styles.reportDetails}>No standing</span>}
                </td>
                <td className={styles.network}>{report.network ?? "Unknown"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {hidden > 0 ? (
        <p className={styles.meta}>
          And {hidden} lighter report{hidden === 1 ? "" : "s"}, counted in the total.
        </p>
      ) : null}
    </section>
  );
}

interface PostFigureProps {
  postId: string;
  status: PostStatus;
  image: ModerationImage | undefined;
  title: string;
  note: string | null;
  label: string;
}

function PostFigure({ postId, status, image, title, note, label }: PostFigureProps) {
  const location = useLocation();
  const back = { path: location.pathname, label: "Moderation" };
  return (
    <figure className={styles.figure}>
      <Link to={postPath(postId)} state={{ back }} className={styles.photo} aria-label={label}>
        {image ? <PostImage src={image.url} status={status} width={image.width} height={image.height} /> : <Icon name="image" size={28} />}
      </Link>
      <figcaption>
        <span className={styles.figureTitle}>{title}</span>
        {note ? <span>{note}</span> : null}
      </figcaption>
    </figure>
  );
}

/** The earlier post a likely repost resembles, read on its own (the queue only names it). */
function OriginalFigure({ postId, imageIndex }: { postId: string; imageIndex: number }) {
  const [{ data, fetching, error }] = useQuery({ query: OriginalPostQuery, variables: { id: postId } });
  const original = data?.post;
  if (fetching && !data) {
    return (
      <div className={styles.figure} aria-busy="true">
        <div className={styles.photo}>
          <Skeleton height="100%" radius={12} />
        </div>
      </div>
    );
  }
  if (!original) {
    return (
      <figure className={styles.figure}>
        <div className={styles.photo}>
          <Icon name="image" size={28} />
        </div>
        <figcaption>
          <span className={styles.figureTitle}>Likely original</span>
          <span>{error ? describeError(error).message : "The earlier post is no longer available."}</span>
        </figcaption>
      </figure>
    );
  }
  const by = original.author?.displayName ?? "an unknown author";
  return (
    <PostFigure
      postId={original.id}
      status={original.status}
      image={original.images[imageIndex] ?? original.images[0]}
      title="Likely original"
      note={`By ${by}, ${formatDate(original.createdAt)}`}
      label={`Open the earlier post by ${by}`}
    />
  );
}
