import { Fragment, useCallback, useState } from "react";
import { Link } from "react-router";
import { useMutation } from "urql";

import { useInfiniteConnection } from "../../hooks/useInfiniteConnection";
import { ArchiveProductMutation, ProductsQuery, UnarchiveProductMutation, type Product } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import type { ProductListingStatus } from "../../lib/graphql/generated/graphql";
import { productPath } from "../../lib/products";
import type { Connection } from "../../lib/graphql/types";
import { safeHttpUrl } from "../../lib/links";
import { formatAmount } from "../../lib/money";
import { matchProducts } from "../Composer/ProductPicker";
import styles from "../Dashboard/Dashboard.module.css";
import { EmptyState } from "../Feedback/EmptyState";
import { ErrorState } from "../Feedback/ErrorState";
import { Segmented } from "../Dashboard/Stat";
import { Skeleton } from "../Feedback/Skeleton";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import catalogue from "./Catalogue.module.css";
import { ProductEditForm } from "./ProductEditForm";
import { ProductPhoto } from "./ProductPhoto";

export type CatalogueTab = Extract<ProductListingStatus, "ACTIVE" | "ARCHIVED">;

interface ProductTableProps {
  brandId: string;
  /** On sale (ACTIVE) or ARCHIVED. */
  status?: CatalogueTab;
  /** A product moved to the other tab (archived or put back on sale). */
  onMoved?: (product: Product) => void;
  /** Shows the On sale / Archived switch. */
  onTab?: (tab: CatalogueTab) => void;
}

/** The brand's catalogue, newest first, a page at a time, filterable by words; each product editable and archivable. */
export function ProductTable({ brandId, status = "ACTIVE", onMoved, onTab }: ProductTableProps) {
  const select = useCallback((data: { products: Connection<Product> }) => data.products, []);
  const { state, loadMore, retry, refresh, replace } = useInfiniteConnection(ProductsQuery, { brandId, status }, select, 50);
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching: archiving }, archive] = useMutation(ArchiveProductMutation);
  const [{ fetching: restoring }, unarchive] = useMutation(UnarchiveProductMutation);
  const rows = matchProducts(state.items, query);
  const archivedTab = status === "ARCHIVED";

  async function move(product: Product) {
    setProblem(null);
    const result = archivedTab ? await unarchive({ id: product.id }) : await archive({ id: product.id });
    const payload = result.data ? ("archiveProduct" in result.data ? result.data.archiveProduct : result.data.unarchiveProduct) : null;
    if (result.error || !payload || payload.errors.length > 0 || !payload.product) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "That didn't work; try again."));
      return;
    }
    refresh();
    onMoved?.(payload.product);
  }

  if (state.pages === 0 && state.problem) {
    return <ErrorState title="We couldn't load your products" problem={state.problem} onRetry={retry} />;
  }
  return (
    <section className={styles.panel} aria-labelledby="catalogue-title">
      <div className={styles.panelHead}>
        <h2 id="catalogue-title" className={styles.panelTitle}>
          {archivedTab ? "Archived" : "Catalogue"} <span className={styles.muted}>{state.pages > 0 ? `${state.items.length}${state.hasMore ? "+" : ""}` : ""}</span>
        </h2>
        {onTab ? (
          <Segmented
            label="Which products"
            value={status}
            options={[
              { value: "ACTIVE", label: "On sale" },
              { value: "ARCHIVED", label: "Archived" },
            ]}
            onChange={onTab}
          />
        ) : null}
        <label className={styles.filter} style={{ minWidth: 0, flex: "1 1 160px" }}>
          <span className="visually-hidden">Filter products</span>
          <input className={styles.select} style={{ width: "100%" }} type="search" placeholder="Filter by title or SKU" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
      </div>
      {state.pages === 0 ? (
        <div aria-busy="true" style={{ display: "grid", gap: 8 }}>
          <Skeleton height={40} />
          <Skeleton height={40} />
          <Skeleton height={40} />
        </div>
      ) : state.items.length === 0 ? (
        archivedTab ? (
          <EmptyState icon="box" title="Nothing archived">
            Archive a product to stop it being tagged, linked or put in campaigns; posts that already show it say it is no longer sold.
          </EmptyState>
        ) : (
          <EmptyState icon="box" title="No products yet">
            Add your first product, or import your shop's product feed.
          </EmptyState>
        )
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
                  <Fragment key={p.id}>
                  <tr data-product-id={p.id}>
                    <td>
                      <ProductPhoto productId={p.id} title={p.title} thumbUrl={p.thumbUrl ?? null} />
                    </td>
                    <th scope="row">
                      <Link to={productPath(p.id)}>{p.title}</Link>
                      {p.category ? <span className={styles.sub}>{p.category}</span> : null}
                      <span className={catalogue.rowActions}>
                        {archivedTab ? null : (
                          <button type="button" className={catalogue.rowAction} onClick={() => setEditing(editing === p.id ? null : p.id)} aria-expanded={editing === p.id} aria-label={`Edit ${p.title}`}>
                            Edit
                          </button>
                        )}
                        <button type="button" className={catalogue.rowAction} disabled={archiving || restoring} onClick={() => void move(p)} aria-label={`${archivedTab ? "Unarchive" : "Archive"} ${p.title}`}>
                          {archivedTab ? "Unarchive" : "Archive"}
                        </button>
                      </span>
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
                  {editing === p.id ? (
                    <tr>
                      <td colSpan={5}>
                        <ProductEditForm
                          product={p}
                          onCancel={() => setEditing(null)}
                          onSaved={(saved) => {
                            replace(saved);
                            setEditing(null);
                          }}
                        />
                      </td>
                    </tr>
                  ) : null}
                  </Fragment>
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
      {problem ? (
        <p role="alert" className={styles.small} style={{ color: "var(--color-danger)" }}>
          {problem}
        </p>
      ) : null}
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
