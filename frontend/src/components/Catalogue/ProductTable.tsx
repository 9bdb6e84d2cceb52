import { useCallback, useState } from "react";

import { useInfiniteConnection } from "../../hooks/useInfiniteConnection";
import { ProductsQuery, type Product } from "../../lib/graphql/commerce";
import type { Connection } from "../../lib/graphql/types";
import { safeHttpUrl } from "../../lib/links";
import { formatAmount } from "../../lib/money";
import { matchProducts } from "../Composer/ProductPicker";
import styles from "../Dashboard/Dashboard.module.css";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { Skeleton } from "../Feedback/Skeleton";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import { ProductPhoto } from "./ProductPhoto";

/** The brand's catalogue, newest first, a page at a time, filterable by words. */
export function ProductTable({ brandId }: { brandId: string }) {
  const select = useCallback((data: { products: Connection<Product> }) => data.products, []);
  const { state, loadMore, retry } = useInfiniteConnection(ProductsQuery, { brandId }, select, 50);
  const [query, setQuery] = useState("");
  const rows = matchProducts(state.items, query);

  if (state.pages === 0 && state.problem) {
    return <ErrorState title="We couldn't load your products" problem={state.problem} onRetry={retry} />;
  }
  return (
    <section className={styles.panel} aria-labelledby="catalogue-title">
      <div className={styles.panelHead}>
        <h2 id="catalogue-title" className={styles.panelTitle}>
          Catalogue <span className={styles.muted}>{state.pages > 0 ? `${state.items.length}${state.hasMore ? "+" : ""}` : ""}</span>
        </h2>
        <label className={styles.filter} style={{ minWidth: 220 }}>
          <span className="visually-hidden">Filter products</span>
          <input className={styles.select} type="search" placeholder="Filter by title or SKU" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
      </div>
      {state.pages === 0 ? (
        <div aria-busy="true" style={{ display: "grid", gap: 8 }}>
          <Skeleton height={40} />
          <Skeleton height={40} />
          <Skeleton height={40} />
        </div>
      ) : state.items.length === 0 ? (
        <EmptyState icon="box" title="No products yet">
          Add your first product, or import your shop's product feed.
        </EmptyState>
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Photo</th>
                <th scope="col">Product</th>
                <th scope="col">SKU</th>
                <th scope="col">Markets</th>
                <th scope="col" className={styles.num}>
                  Price
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => {
                const url = safeHttpUrl(p.productUrl);
                return (
                  <tr key={p.id}>
                    <td>
                      <ProductPhoto productId={p.id} title={p.title} thumbUrl={p.thumbUrl ?? null} />
                    </td>
                    <th scope="row">
                      {p.title}
                      {p.category ? <span className={styles.sub}>{p.category}</span> : null}
                    </th>
                    <td>
                      <code className={styles.small} style={{ whiteSpace: "nowrap" }}>
                        {p.sku}
                      </code>
                    </td>
                    <td className={styles.muted}>{p.markets.join(" · ")}</td>
                    <td className={styles.num}>
                      {formatAmount(p.price)}
                      {url ? (
                        <a href={url} target="_blank" rel="noopener noreferrer" aria-label={`Open ${p.title} in the shop`} style={{ marginLeft: 8, display: "inline-block", verticalAlign: "-3px" }}>
                          <Icon name="external" size={15} />
                        </a>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={5} className={styles.muted}>
                    No product matches “{query}”.
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      )}
      {state.hasMore && state.pages > 0 ? (
        <div>
          <Button variant="secondary" busy={state.status === "loading"} onClick={loadMore}>
            Load more
          </Button>
        </div>
      ) : null}
    </section>
  );
}
