import { Link } from "react-router";

import type { ProductTag, TaggedProduct } from "../../lib/graphql/posts";
import { formatAmount } from "../../lib/money";
import { fromLook, productPath, shopOffer } from "../../lib/products";
import { safeHttpUrl } from "../../lib/links";
import { Icon } from "../Icon/Icon";
import styles from "./Feed.module.css";

/** One entry per product: a product tagged on two photos is listed once, with its first tag's link. */
export function taggedProducts(tags: readonly ProductTag[]): { product: TaggedProduct; tag: ProductTag }[] {
  const seen = new Set<string>();
  const list: { product: TaggedProduct; tag: ProductTag }[] = [];
  for (const tag of tags) {
    if (!tag.product || seen.has(tag.productId)) continue;
    seen.add(tag.productId);
    list.push({ product: tag.product, tag });
  }
  return list;
}

interface ShopTheLookProps {
  tags: ProductTag[];
  authorName: string;
  /** The look these tags are on: its product pages buy through the look's links. */
  postId?: string;
}

/**
 * The products tagged in a post: each opens its product page (photo, looks, "Buy"), with a
 * button straight to the shop (through the author's link, when they have one) while it is sold.
 */
export function ShopTheLook({ tags, authorName, postId }: ShopTheLookProps) {
  const items = taggedProducts(tags);
  if (items.length === 0) return null;
  const credits = items.some(({ tag, product }) => tag.creditsAuthor && !product.archived);
  return (
    <section className={styles.shopLook} aria-labelledby="shop-look-title">
      <h2 id="shop-look-title" className={styles.sectionTitle}>
        <Icon name="bag" size={18} /> Shop the look
      </h2>
      {credits ? <p className={styles.shopNote}>Buying through these links supports {authorName}.</p> : null}
      <ul className={styles.shopList}>
        {items.map(({ product, tag }) => (
          <ShopItem key={product.id} product={product} tag={tag} postId={postId} />
        ))}
      </ul>
    </section>
  );
}

function ShopItem({ product, tag, postId }: { product: TaggedProduct; tag: ProductTag; postId?: string }) {
  const offer = shopOffer(product, tag.shopUrl);
  const page = productPath(product.id, postId);
  return (
    <li className={styles.shopItem} data-product-id={product.id}>
      <Link to={page} state={fromLook(postId)} tabIndex={-1} aria-hidden="true" className={styles.shopThumbLink}>
        <ProductThumb product={product} />
      </Link>
      <div className={styles.shopText}>
        <Link to={page} state={fromLook(postId)} className={styles.shopTitle}>
          {product.title}
        </Link>
        <span className={styles.muted}>{formatAmount(product.price)}</span>
      </div>
      {offer.kind === "archived" ? (
        <span className={styles.soldOut}>No longer sold</span>
      ) : offer.kind === "buy" ? (
        <a className={styles.shopButton} href={offer.link.href} target="_blank" rel="noopener noreferrer" aria-label={`Shop ${product.title} (opens the shop)`} data-own-link={offer.link.own || undefined}>
          Shop
          <Icon name="external" size={15} />
        </a>
      ) : null}
    </li>
  );
}

export function ProductThumb({ product }: { product: Pick<TaggedProduct, "imageUrl"> }) {
  return product.imageUrl && safeHttpUrl(product.imageUrl) ? (
    <img className={styles.shopThumb} src={product.imageUrl} alt="" width={52} height={52} loading="lazy" />
  ) : (
    <span className={styles.shopThumb} aria-hidden="true">
      <Icon name="tag" size={20} />
    </span>
  );
}

/** The feed card's row of tagged products: each photo opens the product's page. */
export function ShopStrip({ tags, postId }: { tags: ProductTag[]; postId: string }) {
  const items = taggedProducts(tags);
  if (items.length === 0) return null;
  return (
    <ul className={styles.shopStrip} aria-label="Products in this look">
      {items.map(({ product }) => (
        <li key={product.id}>
          <Link to={productPath(product.id, postId)} state={fromLook(postId)} className={styles.stripItem} aria-label={`${product.title}${product.archived ? " (no longer sold)" : ""}: see the product`}>
            <ProductThumb product={product} />
            <span className={styles.stripTitle}>{product.title}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
