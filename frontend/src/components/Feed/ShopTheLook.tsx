import type { ProductTag, TaggedProduct } from "../../lib/graphql/posts";
import { safeHttpUrl, shopLink } from "../../lib/links";
import { formatAmount } from "../../lib/money";
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

/** The products tagged in a post, each with a button to the shop (through the author's link, when they have one). */
export function ShopTheLook({ tags, authorName }: { tags: ProductTag[]; authorName: string }) {
  const items = taggedProducts(tags);
  if (items.length === 0) return null;
  const credits = items.some(({ tag }) => tag.creditsAuthor);
  return (
    <section className={styles.shopLook} aria-labelledby="shop-look-title">
      <h2 id="shop-look-title" className={styles.sectionTitle}>
        <Icon name="bag" size={18} /> Shop the look
      </h2>
      {credits ? <p className={styles.shopNote}>Buying through these links supports {authorName}.</p> : null}
      <ul className={styles.shopList}>
        {items.map(({ product, tag }) => (
          <ShopItem key={product.id} product={product} tag={tag} />
        ))}
      </ul>
    </section>
  );
}

function ShopItem({ product, tag }: { product: TaggedProduct; tag: ProductTag }) {
  const link = shopLink(tag.shopUrl);
  return (
    <li className={styles.shopItem}>
      <ProductThumb product={product} />
      <div className={styles.shopText}>
        <span className={styles.shopTitle}>{product.title}</span>
        <span className={styles.muted}>{formatAmount(product.price)}</span>
      </div>
      {link ? (
        <a className={styles.shopButton} href={link.href} target="_blank" rel="noopener noreferrer" aria-label={`Shop ${product.title} (opens the shop)`} data-own-link={link.own || undefined}>
          Shop
          <Icon name="external" size={15} />
        </a>
      ) : null}
    </li>
  );
}

export function ProductThumb({ product }: { product: TaggedProduct }) {
  return product.imageUrl && safeHttpUrl(product.imageUrl) ? (
    <img className={styles.shopThumb} src={product.imageUrl} alt="" width={52} height={52} loading="lazy" />
  ) : (
    <span className={styles.shopThumb} aria-hidden="true">
      <Icon name="tag" size={20} />
    </span>
  );
}
