import { useCallback } from "react";
import { Link } from "react-router";

import { useViewer } from "../../hooks/useAuth";
import { useInfiniteConnection } from "../../hooks/useInfiniteConnection";
import { useInView } from "../../hooks/useInView";
import { ProductLooksQuery, type ProductLook } from "../../lib/graphql/catalogue";
import type { Connection } from "../../lib/graphql/types";
import { lookPath, productPath } from "../../lib/products";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { ScrollFooter } from "../Feedback/ScrollFooter";
import { Icon } from "../Icon/Icon";
import styles from "./Product.module.css";
import tiles from "../Looks/LookTiles.module.css";

export const LOOKS_PAGE_SIZE = 12;

type LooksData = { product: { looks: Connection<ProductLook> } | null };

/** The published looks that tag a product, newest first, as a grid (the next page on scroll). */
export function ProductLooks({ productId, title }: { productId: string; title: string }) {
  const viewer = useViewer();
  const select = useCallback((data: LooksData) => data.product?.looks ?? null, []);
  const { state, loadMore, retry } = useInfiniteConnection(ProductLooksQuery, { id: productId }, select, LOOKS_PAGE_SIZE);
  const sentinel = useInView<HTMLDivElement>(loadMore, { enabled: state.hasMore && state.status === "idle", version: state.pages });
  // Opened from here, a look's "back" returns to this product.
  const back = { back: { path: productPath(productId), label: title.length > 30 ? `${title.slice(0, 29)}…` : title } };

  return (
    <section aria-labelledby="looks-title">
      <h2 id="looks-title" className={styles.looksTitle}>
        Looks wearing it
      </h2>
      {state.pages === 0 && state.problem ? (
        <ErrorState title="We couldn't load the looks" problem={state.problem} onRetry={retry} />
      ) : state.pages > 0 && state.items.length === 0 && !state.hasMore ? (
        <EmptyState icon="image" title="No looks yet">
          When someone tags this product in an outfit, it shows up here.
        </EmptyState>
      ) : (
        <ul className={tiles.grid} aria-label={`Looks with ${title}`} aria-busy={state.status === "loading"}>
          {state.items.map((look) => {
            const image = look.images[0];
            const who = look.author?.displayName ?? "Someone";
            return (
              <li key={look.id}>
                <Link className={tiles.tile} to={lookPath(viewer.role, look.id)} state={back} aria-label={look.caption ? `${who}'s look: ${look.caption.slice(0, 80)}` : `${who}'s look`}>
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
      )}
      <ScrollFooter sentinel={sentinel} state={state} loadMore={loadMore} retry={retry} loadingLabel="Loading looks" className={styles.more} />
    </section>
  );
}
