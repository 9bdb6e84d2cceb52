import { useCallback } from "react";
import type { TypedDocumentNode } from "@urql/core";
import { Link } from "react-router";

import { useInfiniteConnection } from "../../hooks/useInfiniteConnection";
import { useInView } from "../../hooks/useInView";
import type { LookOrder, LookTile } from "../../lib/graphql/explore";
import type { Connection } from "../../lib/graphql/types";
import { useLookPath } from "../../hooks/useLookPath";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { ScrollFooter } from "../Feedback/ScrollFooter";
import { Icon } from "../Icon/Icon";
import styles from "./Explore.module.css";
import tiles from "../Looks/LookTiles.module.css";

export const LOOKS_PAGE_SIZE = 18;

const ORDERS: { order: LookOrder; label: string }[] = [
  { order: "TOP", label: "Top" },
  { order: "RECENT", label: "Recent" },
];

/** Top / Recent, as tabs above a grid of looks. */
export function OrderTabs({ order, onChange }: { order: LookOrder; onChange: (order: LookOrder) => void }) {
  return (
    <div className={styles.tabs} role="tablist" aria-label="Order of the looks">
      {ORDERS.map((item) => (
        <button
          key={item.order}
          type="button"
          role="tab"
          aria-selected={order === item.order}
          className={`${styles.tab} ${order === item.order ? styles.tabActive : ""}`}
          onClick={() => onChange(item.order)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}

interface LookGridProps<Data, Variables extends { first: number; after?: string | null }> {
  query: TypedDocumentNode<Data, Variables>;
  variables: Omit<Variables, "first" | "after">;
  select: (data: Data) => Connection<LookTile> | null | undefined;
  label: string;
  emptyText: string;
}

/** Looks as square thumbnails, 3 across, the next page loaded on scroll. */
export function LookGrid<Data, Variables extends { first: number; after?: string | null }>({
  query,
  variables,
  select,
  label,
  emptyText,
}: LookGridProps<Data, Variables>) {
  const lookAt = useLookPath();
  const pick = useCallback((data: Data) => select(data), [select]);
  const { state, loadMore, retry } = useInfiniteConnection(query, variables, pick, LOOKS_PAGE_SIZE);
  const sentinel = useInView<HTMLDivElement>(loadMore, {
    enabled: state.hasMore && state.status === "idle",
    version: state.pages,
  });
  if (state.pages === 0 && state.problem) {
    return <ErrorState title="We couldn't load the looks" problem={state.problem} onRetry={retry} />;
  }
  if (state.pages > 0 && state.items.length === 0 && !state.hasMore) {
    return (
      <EmptyState icon="image" title="No looks yet">
        {emptyText}
      </EmptyState>
    );
  }
  return (
    <>
      <ul className={tiles.grid} aria-label={label} aria-busy={state.status === "loading"}>
        {state.items.map((look) => {
          const image = look.images[0];
          const who = look.author?.displayName ?? "Someone";
          const text = look.caption ? `${who}'s look: ${look.caption.slice(0, 80)}` : `${who}'s look`;
          return (
            <li key={look.id}>
              <Link className={tiles.tile} to={lookAt(look.id)} aria-label={text}>
                {image ? (
                  <img src={image.thumb} alt="" loading="lazy" decoding="async" />
                ) : (
                  <span className={tiles.tileEmpty}>
                    <Icon name="image" size={22} />
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
      <ScrollFooter sentinel={sentinel} state={state} loadMore={loadMore} retry={retry} loadingLabel="Loading looks" className={styles.more} />
    </>
  );
}
