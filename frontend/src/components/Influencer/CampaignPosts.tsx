import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import { creatorOrder, deliverableLabel, feeNote, statusSummary } from "../../lib/deliverables";
import type { CommissionRule } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import { MyCampaignPostsQuery, type CampaignPosts as CampaignWithPosts, type DeliverablePost } from "../../lib/graphql/posts";
import { formatDate } from "../../lib/format";
import { PAGES } from "../../lib/navigation";
import styles from "../Dashboard/Dashboard.module.css";
import { DeliverableBadge } from "../Deliverables/DeliverableBadge";
import local from "../Deliverables/Deliverables.module.css";
import { captionExcerpt, PostThumb } from "../Deliverables/PostThumb";
import { SubmitAgain } from "../Deliverables/SubmitAgain";
import { ErrorState } from "../Feedback/ErrorState";
import { Skeleton } from "../Feedback/Skeleton";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";

const PER_CAMPAIGN = 20;
/** Posts shown per campaign before "Show all": the ones needing the creator come first. */
const SHOWN = 4;

/** Per campaign the influencer is approved in: the posts they submitted, where each stands, and a way to submit a rejected one again. */
export function CampaignPosts() {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MyCampaignPostsQuery,
    variables: { first: 50, perCampaign: PER_CAMPAIGN },
    requestPolicy: "cache-and-network",
  });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const campaigns = (data?.myMemberships.nodes ?? []).filter((m): m is CampaignWithPosts & { campaign: NonNullable<CampaignWithPosts["campaign"]> } => m.campaign !== null);

  if (fetching && !data) return <Skeleton height={160} radius={18} />;
  if (error && !data) return <ErrorState title="We couldn't load your campaign posts" problem={describeError(error)} onRetry={reload} />;
  if (campaigns.length === 0) return null;
  return (
    <section className={styles.panel} aria-labelledby="campaign-posts">
      <h2 id="campaign-posts" className={styles.panelTitle}>
        Your campaign posts
      </h2>
      <div style={{ display: "grid", gap: 18 }}>
        {campaigns.map(({ campaign }) => (
          <CampaignSection key={campaign.id} campaign={campaign} onChanged={reload} />
        ))}
      </div>
    </section>
  );
}

function CampaignSection({ campaign, onChanged }: { campaign: NonNullable<CampaignWithPosts["campaign"]>; onChanged: () => void }) {
  const [all, setAll] = useState(false);
  const posts = creatorOrder(campaign.deliverables.nodes);
  const shown = all ? posts : posts.slice(0, SHOWN);
  const summary = statusSummary(posts);
  // Posts go in (again) only while the campaign runs.
  const running = campaign.status === "ACTIVE" && new Date(campaign.endsAt).getTime() > Date.now();
  return (
    <section className={local.campaign} aria-labelledby={`posts-${campaign.id}`}>
      <div className={local.campaignHead}>
        <div>
          <h3 id={`posts-${campaign.id}`} className={styles.itemTitle}>
            {campaign.name}
          </h3>
          {summary ? <span className={`${styles.small} ${styles.muted}`}>{summary}</span> : null}
        </div>
        {running ? (
          <Link className={styles.segment} style={{ display: "inline-flex", alignItems: "center", gap: 6, textDecoration: "none" }} to={`${PAGES.compose.path}?campaign=${encodeURIComponent(campaign.id)}`}>
            <Icon name="plus" size={16} /> Post for this campaign
          </Link>
        ) : (
          <span className={`${styles.small} ${styles.muted}`}>{campaign.status === "DRAFT" ? "Not started" : `Ended ${formatDate(campaign.endsAt)}`}</span>
        )}
      </div>
      {posts.length === 0 ? (
        <p className={`${styles.small} ${styles.muted}`} style={{ margin: 0 }}>
          No posts for this campaign yet.
        </p>
      ) : (
        <ul className={local.list} aria-label={`Your posts for ${campaign.name}`}>
          {shown.map((post) => (
            <li key={post.id}>
              <OwnPost post={post} campaignId={campaign.id} rule={campaign.commissionRule} running={running} onChanged={onChanged} />
            </li>
          ))}
        </ul>
      )}
      {posts.length > SHOWN ? (
        <div>
          <Button variant="ghost" onClick={() => setAll(!all)} aria-expanded={all}>
            {all ? "Show fewer" : `Show all ${posts.length}${campaign.deliverables.pageInfo.hasNextPage ? "+" : ""}`}
          </Button>
        </div>
      ) : null}
      {all && campaign.deliverables.pageInfo.hasNextPage ? (
        <p className={`${styles.small} ${styles.muted}`} style={{ margin: 0 }}>
          Showing your {PER_CAMPAIGN} latest posts for this campaign.
        </p>
      ) : null}
    </section>
  );
}

interface OwnPostProps {
  post: DeliverablePost;
  campaignId: string;
  rule: CommissionRule;
  running: boolean;
  onChanged: () => void;
}

function OwnPost({ post, campaignId, rule, running, onChanged }: OwnPostProps) {
  const deliverable = post.deliverable;
  if (!deliverable) return null;
  const fee = feeNote(rule, deliverable, "creator");
  const title = captionExcerpt(post.caption, 80) || "Your post";
  return (
    <article className={local.card} aria-label={`${title} (${deliverableLabel(deliverable.status)})`}>
      <PostThumb post={post} label={`Open your post “${title}”`} backLabel="Campaigns" />
      <div className={local.body}>
        <div className={local.who}>
          <span className={local.name}>{title}</span>
          <DeliverableBadge status={deliverable.status} />
        </div>
        <p className={local.meta}>
          Submitted <time dateTime={deliverable.submittedAt}>{formatDate(deliverable.submittedAt)}</time>
          {post.status !== "PUBLISHED" ? ` · ${post.status === "PROCESSING" ? "photos still processing" : post.status.toLowerCase()}` : ""}
        </p>
        {deliverable.status === "REJECTED" ? (
          <p className={local.reason}>{deliverable.reason ? `The brand says: ${deliverable.reason}` : "The brand sent it back."}</p>
        ) : deliverable.status === "APPROVED" && deliverable.decidedAt ? (
          <p className={local.meta}>
            Approved <time dateTime={deliverable.decidedAt}>{formatDate(deliverable.decidedAt)}</time>
          </p>
        ) : (
          <p className={local.meta}>Waiting for the brand's review.</p>
        )}
        {fee && deliverable.status !== "REJECTED" ? <p className={local.fee}>{fee}</p> : null}
        {deliverable.status === "REJECTED" && running ? <SubmitAgain postId={post.id} campaignId={campaignId} unchanged={deliverable.unchangedSinceRejection} onSubmitted={onChanged} /> : null}
      </div>
    </article>
  );
}
