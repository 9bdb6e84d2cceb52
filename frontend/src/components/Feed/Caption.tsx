import { Link } from "react-router";

import { captionParts } from "../../lib/caption";
import { tagPath } from "../../lib/search";
import styles from "./Feed.module.css";

/** A caption with its hashtags leading to their Explore pages; all of it rendered as text. */
export function Caption({ text, authorName }: { text: string; authorName?: string }) {
  if (!text.trim()) return null;
  return (
    <p className={styles.caption}>
      {authorName ? <strong className={styles.captionAuthor}>{authorName} </strong> : null}
      {captionParts(text).map((part, i) =>
        part.kind === "tag" ? (
          <Link key={i} className={styles.hashtag} to={tagPath(part.tag)}>
            {part.text}
          </Link>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}
