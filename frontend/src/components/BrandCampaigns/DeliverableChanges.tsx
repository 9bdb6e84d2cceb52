import { changeSummary, diffSegments, submissionLabel } from "../../lib/deliverables";
import type { DeliverableChanges as Changes } from "../../lib/graphql/creators";
import styles from "../Dashboard/Dashboard.module.css";
import local from "./BrandCampaigns.module.css";

interface DeliverableChangesProps {
  changes: Changes;
  submissionNumber: number;
}

/** On a post submitted again: why it was sent back and what the creator changed since (caption words, hashtags, products). */
export function DeliverableChanges({ changes, submissionNumber }: DeliverableChangesProps) {
  const segments = diffSegments(changes.caption);
  const hashtags = [...changes.hashtagsAdded.map((tag) => ({ tag, added: true })), ...changes.hashtagsRemoved.map((tag) => ({ tag, added: false }))];
  const products = [...changes.productsAdded.map((p) => ({ ...p, added: true })), ...changes.productsRemoved.map((p) => ({ ...p, added: false }))];
  return (
    <section className={local.changes} aria-label="Changes since it was sent back">
      <p>
        <span className={`${styles.badge} ${styles.badgeBlue}`}>{submissionLabel(submissionNumber)}</span>{" "}
        <span className={styles.strong}>{changeSummary(changes)}</span>
      </p>
      {changes.reason ? <p className={styles.muted}>Sent back because: {changes.reason}</p> : null}
      {changes.captionChanged ? (
        <p className={local.diff} aria-label="Caption changes">
          {segments.map((segment, index) =>
            segment.kind === "ADDED" ? (
              <ins key={index} aria-label={`added: ${segment.text.trim()}`}>
                {segment.text}
              </ins>
            ) : segment.kind === "REMOVED" ? (
              <del key={index} aria-label={`removed: ${segment.text.trim()}`}>
                {segment.text}
              </del>
            ) : (
              <span key={index}>{segment.text}</span>
            ),
          )}
        </p>
      ) : null}
      {hashtags.length > 0 ? (
        <ul className={local.tagChange} aria-label="Hashtag changes">
          {hashtags.map(({ tag, added }) => (
            <li key={`${added}-${tag}`} className={`${styles.badge} ${added ? styles.badgeGreen : styles.badgeRed}`}>
              {added ? "+" : "−"} #{tag}
            </li>
          ))}
        </ul>
      ) : null}
      {products.length > 0 ? (
        <ul className={local.tagChange} aria-label="Product tag changes">
          {products.map((product) => (
            <li key={`${product.added}-${product.id}`} className={`${styles.badge} ${product.added ? styles.badgeGreen : styles.badgeRed}`}>
              {product.added ? "Tagged" : "Untagged"} {product.title}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
