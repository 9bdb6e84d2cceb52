import { Link } from "react-router";

import { reviewSentence } from "../../lib/deliverables";
import type { Deliverable } from "../../lib/graphql/posts";
import type { Role } from "../../lib/graphql/types";
import { PAGES } from "../../lib/navigation";
import { DeliverableBadge } from "./DeliverableBadge";
import styles from "./Deliverables.module.css";
import { SubmitAgain } from "./SubmitAgain";

interface DeliverableNoteProps {
  postId: string;
  deliverable: Deliverable;
  /** The post's author reads where it stands and may submit it again; the brand gets a link to its review. */
  viewer: { role: Role; isAuthor: boolean };
  onChanged: () => void;
}

/** A campaign post's review, on the post page: shown to its author, the campaign's brand and admins (the API decides). */
export function DeliverableNote({ postId, deliverable, viewer, onChanged }: DeliverableNoteProps) {
  const campaign = deliverable.campaign;
  return (
    <section className={styles.review} data-status={deliverable.status} aria-label="Campaign review">
      <div className={styles.reviewHead}>
        <DeliverableBadge status={deliverable.status} />
        {!viewer.isAuthor && campaign ? <span>For “{campaign.name}”</span> : null}
      </div>
      {viewer.isAuthor ? (
        <p>{reviewSentence(deliverable)}</p>
      ) : deliverable.status === "REJECTED" && deliverable.reason ? (
        <p>Reason: {deliverable.reason}</p>
      ) : null}
      {viewer.isAuthor && deliverable.status === "REJECTED" && campaign?.status === "ACTIVE" ? (
        <SubmitAgain postId={postId} campaignId={campaign.id} unchanged={deliverable.unchangedSinceRejection} onSubmitted={onChanged} />
      ) : null}
      {viewer.role === "BRAND" && campaign ? (
        <p>
          <Link to={`${PAGES.brandCampaigns.path}/${encodeURIComponent(campaign.id)}`}>Review it on the campaign page</Link>
        </p>
      ) : null}
    </section>
  );
}
