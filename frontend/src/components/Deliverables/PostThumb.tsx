import { Link, useLocation } from "react-router";

import type { DeliverablePost } from "../../lib/graphql/posts";
import { postPath } from "../Feed/PostCard";
import { Icon } from "../Icon/Icon";
import styles from "./Deliverables.module.css";

/** A post's first photo, small, opening the post page (whose back link returns here, as `backLabel`). */
export function PostThumb({ post, label, backLabel }: { post: DeliverablePost; label: string; backLabel: string }) {
  const location = useLocation();
  const image = post.images[0];
  const back = { path: `${location.pathname}${location.search}`, label: backLabel };
  return (
    <Link to={postPath(post.id)} state={{ back }} className={styles.thumb} aria-label={label}>
      {image ? (
        <img src={image.thumb} alt="" width={image.width} height={image.height} loading="lazy" />
      ) : (
        <Icon name="image" size={22} />
      )}
      {post.imageCount > 1 ? <span className={styles.thumbCount}>{post.imageCount}</span> : null}
    </Link>
  );
}

/** The caption's first line, short enough for a card. */
export function captionExcerpt(caption: string, max = 120): string {
  const text = caption.trim().replace(/\s+/g, " ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
