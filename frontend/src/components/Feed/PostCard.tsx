import { Link } from "react-router";

import { useViewer } from "../../hooks/useAuth";
import { formatRelative } from "../../lib/time";
import type { FeedPost } from "../../lib/graphql/posts";
import { Avatar } from "../Brand/Avatar";
import { Icon } from "../Icon/Icon";
import { PersonLink } from "../Profile/PersonLink";
import { Caption } from "./Caption";
import { ActionBar, FollowButton } from "./Engagement";
import styles from "./Feed.module.css";
import { PostPhotos } from "./PostPhotos";
import { ShopStrip } from "./ShopTheLook";

export function postPath(id: string): string {
  return `/feed/posts/${encodeURIComponent(id)}`;
}

/** The disclosure on a post made for a brand's campaign. */
export function PaidPartnership({ brand }: { brand: FeedPost["partnerBrand"] }) {
  if (!brand) return null;
  return (
    <span className={styles.partner}>
      Paid partnership with <strong>{brand.displayName}</strong>
    </span>
  );
}

interface PostCardProps {
  post: FeedPost;
  onChange?: (post: FeedPost) => void;
  eager?: boolean;
}

/** One post in the feed: who, the photos, like / comment / save, the caption. */
export function PostCard({ post, onChange, eager = false }: PostCardProps) {
  const viewer = useViewer();
  const authorName = post.author?.displayName ?? "Someone";
  const productCount = new Set(post.productTags.map((t) => t.productId)).size;
  return (
    <article className={styles.card} aria-labelledby={`post-${post.id}-author`}>
      <header className={styles.cardHead}>
        <PersonLink handle={post.author?.handle} quiet>
          <Avatar name={authorName} url={post.author?.avatarUrl} size={38} />
        </PersonLink>
        <div className={styles.cardWho}>
          <PersonLink handle={post.author?.handle} className={styles.authorName}>
            <span id={`post-${post.id}-author`}>{authorName}</span>
          </PersonLink>
          <span className={styles.cardMeta}>
            <time dateTime={post.publishedAt ?? post.createdAt}>{formatRelative(post.publishedAt ?? post.createdAt)}</time>
            <span aria-hidden="true"> · </span>
            {post.market}
            {post.status === "PROCESSING" ? <span role="status"> · Processing your photos…</span> : null}
          </span>
          <PaidPartnership brand={post.partnerBrand} />
        </div>
        {post.author && post.author.id !== viewer.id ? <FollowButton userId={post.author.id} name={authorName} following={post.author.viewerFollows} /> : null}
      </header>
      <PostPhotos
        link={{ to: postPath(post.id), label: `Open ${authorName}'s post` }}
        images={post.images}
        tags={post.productTags}
        authorName={authorName}
        caption={post.caption}
        eager={eager}
        overlay={
          productCount > 0 ? (
            <span className={styles.tagBadge}>
              <Icon name="bag" size={14} />
              {productCount === 1 ? "1 product" : `${productCount} products`}
            </span>
          ) : null
        }
      />
      <div className={styles.cardBody}>
        <ShopStrip tags={post.productTags} postId={post.id} />
        <ActionBar post={post} onChange={onChange} commentsHref={`${postPath(post.id)}#comments`} />
        <Caption text={post.caption} authorName={authorName} />
        {post.commentCount > 0 ? (
          <Link className={styles.viewComments} to={`${postPath(post.id)}#comments`}>
            {post.commentCount === 1 ? "View 1 comment" : `View all ${post.commentCount} comments`}
          </Link>
        ) : null}
      </div>
    </article>
  );
}
