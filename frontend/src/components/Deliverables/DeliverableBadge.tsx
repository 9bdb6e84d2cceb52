import { deliverableLabel } from "../../lib/deliverables";
import type { DeliverableStatus } from "../../lib/graphql/posts";
import styles from "../Dashboard/Dashboard.module.css";

const TONE: Record<DeliverableStatus, string | undefined> = {
  SUBMITTED: styles.badgeAmber,
  APPROVED: styles.badgeGreen,
  REJECTED: styles.badgeRed,
};

/** Where a campaign post is in the brand's review. */
export function DeliverableBadge({ status }: { status: DeliverableStatus }) {
  return (
    <span className={`${styles.badge} ${TONE[status] ?? ""}`} data-deliverable-status={status}>
      {deliverableLabel(status)}
    </span>
  );
}
