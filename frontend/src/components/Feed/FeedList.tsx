import { useCallback } from "react";
import { Link } from "react-router";

import { useInfiniteConnection } from "../../hooks/useInfiniteConnection";
import { useInView } from "../../hooks/useInView";
import { FeedQuery, type FeedPost } from "../../lib/graphql/posts";
import type { Connection } from "../../lib/graphql/types";
import { PAGES } from "../../lib/navigation";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { Skeleton } from "../Feedback/Skeleton";
import { Spinner } from "../Feedback/Spinner";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import styles from "./Feed.module.css";
import { PostCard } from "./PostCard";

export const FEED_PAGE_SIZE = 8;
const SESSION_EXPIRED = ["SESSION_EXPIRED"] as const;

/** The feed, loading the next page as its end scrolls into view. */
export function FeedList({ pinned }: { pinned?: FeedPost | null }) {
  const select = useCallback((data: { feed: Connection<FeedPost> }) => data.feed, []);
  // The ranked feed is frozen per session; an expired session's cursor starts it over.
  const { state, loadMore, retry, replace } = useInfiniteConnection(FeedQuery, {}, select, FEED_PAGE_SIZE, SESSION_EXPIRED);
  const sentinel = useInView<HTMLDivElement>(loadMore, { enabled: state.hasMore && state.status === "idle", version: state.pages });
  const items = pinned ? [pinned, ...state.items.filter((p) => p.id !== pinned.id)] : state.items;

  if (state.pages === 0 && state.status !== "error") {
    return (
      <div className={styles.feed} aria-busy="true">
        <span className="visually-hidden" role="status">
          Loading your feed
        </span>
        {[0, 1].map((i) => (
          <div key={i} className={styles.card} aria-hidden="true">
            <div className={styles.cardHead}>
              <Skeleton width={38} height={38} radius={999} />
              <Skeleton width="40%" height={14} />
            </div>
            <Skeleton height={420} radius={0} />
            <div className={styles.cardBody}>
              <Skeleton width="60%" />
              <Skeleton width="85%" />
            </div>
          </div>
        ))}
      </div>
    );
  }
  if (state.pages === 0 && state.problem) {
    return <ErrorState title="We couldn't load your feed" problem={state.problem} onRetry={retry} />;
  }
  if (items.length === 0) {
    return (
      <EmptyState
        icon="image"
        title="No outfits yet"
        action={
          <Link className={styles.primaryLink} to={PAGES.compose.path}>
            <Icon name="plus" size={18} />
            Post the first one
          </Link>
        }
      >
        When people post their looks, they show up here. Start it off with yours.
      </EmptyState>
    );
  }
  return (
    <div className={styles.feed}>
      {items.map((post, i) => (
        <PostCard key={post.id} post={post} onChange={replace} eager={i < 2} />
      ))}
      <div ref={sentinel} className={styles.feedEnd}>
        {state.status === "loading" ? (
          <Spinner label="Loading more outfits" />
        ) : state.status === "error" && state.problem ? (
          <ErrorState title="We couldn't load more" problem={state.problem} onRetry={retry} />
        ) : state.hasMore ? (
          <Button variant="secondary" onClick={loadMore}>
            Load more
          </Button>
        ) : (
          <p className={styles.caughtUp}>
            <Icon name="check" size={18} /> You're all caught up
          </p>
        )}
      </div>
    </div>
  );
}
