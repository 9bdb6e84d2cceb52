/**
 * Where product links go: a product's page (with the look it was opened from, so "Buy" can go
 * through that look's tracked link), and a look from that page (the post page where the role
 * may open it, else the public page every role can).
 */
import type { Role } from "./graphql/types";
import { canVisit, POST_PAGES, PRODUCT_PAGES } from "./navigation";
import { shopLink, type ShopLink } from "./links";

/** /shop/{productId}, with ?look={postId} when opened from a look. */
export function productPath(productId: string, lookId?: string | null): string {
  const path = `${PRODUCT_PAGES}/${encodeURIComponent(productId)}`;
  return lookId ? `${path}?look=${encodeURIComponent(lookId)}` : path;
}

/** A look's page for this role: the in-app post page when the role has it, else /p/{id}. */
export function lookPath(role: Role, postId: string): string {
  const inApp = `${POST_PAGES}/${encodeURIComponent(postId)}`;
  return canVisit(role, inApp) ? inApp : `/p/${encodeURIComponent(postId)}`;
}

/** What a tagged product offers: a way to buy, nothing (no URL), or "no longer sold". */
export type ShopOffer = { kind: "buy"; link: ShopLink } | { kind: "archived" } | { kind: "none" };

export function shopOffer(product: { archived: boolean } | null | undefined, shopUrl: string | null | undefined, origin?: string): ShopOffer {
  if (!product) return { kind: "none" };
  if (product.archived) return { kind: "archived" };
  const link = shopLink(shopUrl, origin);
  return link ? { kind: "buy", link } : { kind: "none" };
}

/** Router state for a link from a look to a product: the product page's "back" returns to the look. */
export function fromLook(postId?: string | null): { back: { path: string; label: string } } | undefined {
  return postId ? { back: { path: `${POST_PAGES}/${encodeURIComponent(postId)}`, label: "The look" } } : undefined;
}
