import { captionParts } from "../../lib/caption";
import styles from "./Feed.module.css";

/** A caption with its hashtags highlighted; all of it rendered as text. */
export function Caption({ text, authorName }: { text: string; authorName?: string }) {
  if (!text.trim()) return null;
  return (
    <p className={styles.caption}>
      {authorName ? <strong className={styles.captionAuthor}>{authorName} </strong> : null}
      {captionParts(text).map((part, i) =>
        part.kind === "tag" ? (
          <span key={i} className={styles.hashtag}>
            {part.text}
          </span>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}
