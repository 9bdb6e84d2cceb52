import { useQuery } from "urql";

import { ProductQuery } from "../../lib/graphql/commerce";
import type { ProductTag } from "../../lib/graphql/posts";
import { safeHttpUrl } from "../../lib/links";
import { formatAmount } from "../../lib/money";
import { Skeleton } from "../Feedback/Skeleton";
import { Icon } from "../Icon/Icon";
import styles from "./Feed.module.css";

/** The products tagged in a post, each with a button to its shop page. */
export function ShopTheLook({ tags }: { tags: ProductTag[] }) {
  const ids = Array.from(new Set(tags.map((t) => t.productId)));
  if (ids.length === 0) return null;
  return (
    <section className={styles.shopLook} aria-labelledby="shop-look-title">
      <h2 id="shop-look-title" className={styles.sectionTitle}>
        <Icon name="bag" size={18} /> Shop the look
      </h2>
      <ul className={styles.shopList}>
        {ids.map((id) => (
          <ShopItem key={id} productId={id} />
        ))}
      </ul>
    </section>
  );
}

function ShopItem({ productId }: { productId: string }) {
  const [{ data, fetching }] = useQuery({ query: ProductQuery, variables: { id: productId } });
  const product = data?.product;
  if (fetching && !product) {
    return (
      <li className={styles.shopItem} aria-hidden="true">
        <Skeleton width={52} height={52} radius={10} />
        <Skeleton width="60%" />
      </li>
    );
  }
  if (!product) return null;
  const url = safeHttpUrl(product.productUrl);
  return (
    <li className={styles.shopItem}>
      {product.imageUrl && safeHttpUrl(product.imageUrl) ? (
        <img className={styles.shopThumb} src={product.imageUrl} alt="" width={52} height={52} loading="lazy" />
      ) : (
        <span className={styles.shopThumb} aria-hidden="true">
          <Icon name="tag" size={20} />
        </span>
      )}
      <div className={styles.shopText}>
        <span className={styles.shopTitle}>{product.title}</span>
        <span className={styles.muted}>{formatAmount(product.price)}</span>
      </div>
      {url ? (
        <a className={styles.shopButton} href={url} target="_blank" rel="noopener noreferrer" aria-label={`Shop ${product.title} (opens the shop)`}>
          Shop
          <Icon name="external" size={15} />
        </a>
      ) : null}
    </li>
  );
}
