import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useQuery } from "urql";

import { ProductsQuery, type Product } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import { formatAmount } from "../../lib/money";
import { Spinner } from "../Feedback/Spinner";
import { Icon } from "../Icon/Icon";
import styles from "./Composer.module.css";

/** Products whose title, SKU or category contain every word typed (any order, any case). */
export function matchProducts(products: readonly Product[], query: string): Product[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...products];
  return products.filter((p) => {
    const haystack = `${p.title} ${p.sku} ${p.category ?? ""}`.toLocaleLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

interface ProductPickerProps {
  label: string;
  onPick: (product: Product) => void;
  onCancel?: () => void;
  brandId?: string | null;
  autoFocus?: boolean;
}

/**
 * Search the catalogue and pick a product. The API lists products a page at a time without a
 * text filter, so the first page (up to 100) is searched here.
 */
export function ProductPicker({ label, onPick, onCancel, brandId = null, autoFocus = false }: ProductPickerProps) {
  const [{ data, fetching, error }] = useQuery({ query: ProductsQuery, variables: { brandId, first: 100 } });
  const [query, setQuery] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const results = useMemo(() => matchProducts(data?.products.nodes ?? [], query).slice(0, 8), [data, query]);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);
  return (
    <div className={styles.picker} onKeyDown={(e) => e.key === "Escape" && onCancel?.()}>
      <label htmlFor={id} className={styles.pickerLabel}>
        {label}
      </label>
      <div className={styles.searchBox}>
        <Icon name="search" size={18} />
        <input
          ref={input}
          id={id}
          type="search"
          className={styles.searchInput}
          placeholder="Search products by name or SKU"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-controls={`${id}-results`}
          autoComplete="off"
        />
      </div>
      <div id={`${id}-results`} className={styles.results} aria-live="polite">
        {fetching && !data ? (
          <p className={styles.pickerNote}>
            <Spinner size={16} label={null} /> Loading products…
          </p>
        ) : error && !data ? (
          <p className={styles.pickerError} role="alert">
            {describeError(error).message}
          </p>
        ) : results.length === 0 ? (
          <p className={styles.pickerNote}>{query ? `No product matches “${query}”.` : "No products in the catalogue yet."}</p>
        ) : (
          <ul className={styles.resultList}>
            {results.map((product) => (
              <li key={product.id}>
                <button type="button" className={styles.result} onClick={() => onPick(product)}>
                  <span className={styles.resultTitle}>{product.title}</span>
                  <span className={styles.resultMeta}>
                    {product.sku} · {formatAmount(product.price)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {onCancel ? (
        <button type="button" className={styles.linkButton} onClick={onCancel}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}
