import type { ProductPageProduct } from "../../lib/graphql/catalogue";
import { formatAmount } from "../../lib/money";
import { shopOffer } from "../../lib/products";
import { safeHttpUrl } from "../../lib/links";
import { Icon } from "../Icon/Icon";
import { PersonLink } from "../Profile/PersonLink";
import styles from "./Product.module.css";

/** The product itself: photo, title, brand, price, and "Buy" (or that it is no longer sold). */
export function ProductHero({ product }: { product: ProductPageProduct }) {
  const offer = shopOffer(product, product.buyUrl);
  const photo = safeHttpUrl(product.imageUrl);
  return (
    <article className={styles.hero} aria-labelledby="product-title">
      <div className={styles.photo}>
        {photo ? (
          <img src={photo} alt={product.title} />
        ) : (
          <Icon name="tag" size={40} />
        )}
      </div>
      <div className={styles.facts}>
        <h1 id="product-title" className={styles.title} tabIndex={-1}>
          {product.title}
        </h1>
        {product.brand ? (
          <span className={styles.brand}>
            by{" "}
            <PersonLink handle={product.brand.handle}>
              {product.brand.displayName}
            </PersonLink>
          </span>
        ) : null}
        {product.category ? <span className={styles.meta}>{product.category}</span> : null}
        <span className={styles.price}>{formatAmount(product.price)}</span>
        {offer.kind === "archived" ? (
          <span className={styles.soldOut} data-testid="no-longer-sold">
            <Icon name="alert" size={16} /> No longer sold
          </span>
        ) : offer.kind === "buy" ? (
          <>
            <a className={styles.buy} href={offer.link.href} target="_blank" rel="noopener noreferrer" data-own-link={offer.link.own || undefined}>
              <Icon name="bag" size={18} /> Buy
              <span className="visually-hidden"> (opens the shop)</span>
            </a>
            {offer.link.own ? <p className={styles.note}>Buying through this look supports the person who posted it.</p> : null}
          </>
        ) : null}
      </div>
    </article>
  );
}
