import { useCallback } from "react";
import { Link } from "react-router";

import { useInfiniteConnection } from "../../hooks/useInfiniteConnection";
import { useInView } from "../../hooks/useInView";
import { UserPostsQuery, type GridPost } from "../../lib/graphql/profiles";
import type { Connection } from "../../lib/graphql/types";
import { useLookPath } from "../../hooks/useLookPath";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { ScrollFooter } from "../Feedback/ScrollFooter";
import { Icon } from "../Icon/Icon";
import styles from "./People.module.css";
import tiles from "../Looks/LookTiles.module.css";

export const GRID_PAGE_SIZE = 12;

type UserPostsData = { user: { posts: Connection<GridPost> } | null };

/** A person's posts as a grid of square thumbnails (3 across), the next page loaded on scroll. */
export function PostGrid({ userId, name }: { userId: string; name: string }) {
  const lookAt = useLookPath();
  const select = useCallback((data: UserPostsData) => data.user?.posts ?? null, []);
  const { state, loadMore, retry } = useInfiniteConnection(UserPostsQuery, { id: userId }, select, GRID_PAGE_SIZE);
  const sentinel = useInView<HTMLDivElement>(loadMore, {
    enabled: state.hasMore && state.status === "idle",
    version: state.pages,
  });
  if (state.pages === 0 && state.problem) {
    return <ErrorState title="We couldn't load the posts" problem={state.problem} onRetry={retry} />;
  }
  if (state.pages > 0 && state.items.length === 0 && !state.hasMore) {
    return (
      <EmptyState icon="image" title="No posts yet">
        When {name} posts a look, it shows up here.
      </EmptyState>
    );
  }
  return (
    <>
      <ul className={tiles.grid} aria-label={`${name}'s posts`} aria-busy={state.status === "loading"}>
        {state.items.map((post) => {
          const image = post.images[0];
          const label = post.caption ? `${name}'s post: ${post.caption.slice(0, 80)}` : `${name}'s post`;
          return (
            <li key={post.id}>
              <Link className={tiles.tile} to={lookAt(post.id)} aria-label={label}>
                {image ? (
                  <img src={image.thumb} alt="" loading="lazy" decoding="async" />
                ) : (
                  <span className={tiles.tileEmpty}>
                    <Icon name="image" size={22} />
                  </span>
                )}
                {post.status !== "PUBLISHED" ? <span className={styles.tileNote}>{post.status.toLowerCase()}</span> : null}
              </Link>
            </li>
          );
        })}
      </ul>
      <ScrollFooter sentinel={sentinel} state={state} loadMore={loadMore} retry={retry} loadingLabel="Loading posts" className={styles.more} />
    </>
  );
}
