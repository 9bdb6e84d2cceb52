import { useCallback } from "react";
import { Link } from "react-router";

import { useInfiniteConnection } from "../../hooks/useInfiniteConnection";
import { useInView } from "../../hooks/useInView";
import { CollectionLooksQuery, SavedPostsQuery, type SavedLook } from "../../lib/graphql/collections";
import type { Connection } from "../../lib/graphql/types";
import type { PagingState } from "../../lib/paging";
import { useLookPath } from "../../hooks/useLookPath";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { ListFooter } from "../Feedback/ListFooter";
import { Spinner } from "../Feedback/Spinner";
import { Icon } from "../Icon/Icon";
import tiles from "../Looks/LookTiles.module.css";
import styles from "./Collections.module.css";

export const LOOKS_PAGE_SIZE = 24;

interface LookTilesProps {
  label: string;
  state: PagingState<SavedLook>;
  loadMore: () => void;
  retry: () => void;
  empty: { title: string; text: string };
  /** The owner's "take it out" on each look (a collection's page). */
  onRemove?: ((look: SavedLook) => void) | undefined;
}

function lookLabel(look: SavedLook): string {
  const who = look.author?.displayName ?? "Someone";
  return look.caption ? `${who}'s look: ${look.caption.slice(0, 80)}` : `${who}'s look`;
}

/** Looks as square thumbnails, three across, the next page loaded on scroll. */
function LookTiles({ label, state, loadMore, retry, empty, onRemove }: LookTilesProps) {
  const lookAt = useLookPath();
  const sentinel = useInView<HTMLDivElement>(loadMore, {
    enabled: state.hasMore && state.status === "idle",
    version: state.pages,
  });
  if (state.pages === 0 && state.problem) {
    return <ErrorState title="We couldn't load these looks" problem={state.problem} onRetry={retry} />;
  }
  if (state.pages === 0) return <Spinner label="Loading looks" />;
  if (state.items.length === 0 && !state.hasMore) {
    return (
      <EmptyState icon="bookmark" title={empty.title}>
        {empty.text}
      </EmptyState>
    );
  }
  return (
    <>
      <ul className={tiles.grid} aria-label={label}>
        {state.items.map((look) => {
          const image = look.images[0];
          return (
            <li key={look.id} className={styles.look}>
              <Link className={tiles.tile} to={lookAt(look.id)} aria-label={lookLabel(look)}>
                {image ? <img src={image.thumb} alt="" loading="lazy" decoding="async" /> : null}
              </Link>
              {onRemove ? (
                <button type="button" className={styles.lookRemove} aria-label={`Take out ${lookLabel(look)}`} onClick={() => onRemove(look)}>
                  <Icon name="close" size={16} />
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <div ref={sentinel}>
        <ListFooter state={state} loadMore={loadMore} retry={retry} problemClassName={styles.problem} />
      </div>
    </>
  );
}

type SavedData = { savedPosts: Connection<SavedLook> };

/** Everything the viewer saved that is still up, the latest save first. */
export function SavedLooks() {
  const select = useCallback((data: SavedData) => data.savedPosts, []);
  const { state, loadMore, retry } = useInfiniteConnection(SavedPostsQuery, {}, select, LOOKS_PAGE_SIZE, ["INVALID_CURSOR"]);
  return (
    <LookTiles
      label="All saved looks"
      state={state}
      loadMore={loadMore}
      retry={retry}
      empty={{ title: "Nothing saved yet", text: "Tap the bookmark on a look to keep it here." }}
    />
  );
}

type CollectionData = { collection: { posts: Connection<SavedLook> } | null };

/** A collection's looks, the latest added first. */
export function CollectionLooks({
  collectionId,
  name,
  onRemove,
}: {
  collectionId: string;
  name: string;
  /** The owner's "take it out": true once it is out, and the list loads again. */
  onRemove?: ((look: SavedLook) => Promise<boolean>) | undefined;
}) {
  const select = useCallback((data: CollectionData) => data.collection?.posts ?? null, []);
  const { state, loadMore, retry, refresh } = useInfiniteConnection(
    CollectionLooksQuery,
    { id: collectionId },
    select,
    LOOKS_PAGE_SIZE,
    ["INVALID_CURSOR"],
  );
  const remove = onRemove
    ? (look: SavedLook) => {
        void onRemove(look).then((removed) => {
          if (removed) refresh();
        });
      }
    : undefined;
  return (
    <LookTiles
      label={`Looks in ${name}`}
      state={state}
      loadMore={loadMore}
      retry={retry}
      onRemove={remove}
      empty={{ title: "No looks here yet", text: "Save a look and add it to this collection from the Save sheet." }}
    />
  );
}
