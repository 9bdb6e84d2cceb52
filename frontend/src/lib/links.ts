/** Only web addresses become links: a stored `javascript:` or `data:` URL is never clickable. */
export function safeHttpUrl(value: string | null | undefined, origin: string = window.location.origin): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, origin);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Our shoppable links: /l/{code}, which record the click and redirect to the shop. */
const OWN_LINK_PATH = /^\/l\/[A-Za-z0-9_-]+$/;

export interface ShopLink {
  href: string;
  /** True for one of our own /l/ links (the click is recorded and credits the link's owner). */
  own: boolean;
}

/**
 * Where a "Shop the look" button may go. Our own /l/ links on this origin stay same-origin
 * paths (the server redirects to the shop); anything else must pass `safeHttpUrl`.
 */
export function shopLink(value: string | null | undefined, origin: string = window.location.origin): ShopLink | null {
  const href = safeHttpUrl(value, origin);
  if (!href) return null;
  const url = new URL(href);
  if (url.origin === origin && OWN_LINK_PATH.test(url.pathname)) {
    return { href: `${url.pathname}${url.search}`, own: true };
  }
  return { href, own: false };
}
