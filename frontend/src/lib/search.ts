/**
 * Explore's pure helpers: where a hashtag or a style element's page is, and when a typed
 * search is worth sending (the API refuses an empty query and one over 64 characters).
 */

export const SEARCH_MAX = 64;
export const SEARCH_DEBOUNCE_MS = 250;
export const EXPLORE_PATH = "/explore";

/** A hashtag's page: /explore/tags/{tag}, without the "#" (and any "#" typed in front). */
export function tagPath(tag: string): string {
  return `${EXPLORE_PATH}/tags/${encodeURIComponent(tag.replace(/^[#＃]+/u, ""))}`;
}

/** A style element's page for shoppers: /explore/elements/{kind}/{slug}. */
export function elementPath(id: string): string {
  const [kind = "", slug = ""] = id.split("/");
  return `${EXPLORE_PATH}/elements/${encodeURIComponent(kind)}/${encodeURIComponent(slug)}`;
}

/** The element id a page's address names ("pattern", "floral" → "pattern/floral"). */
export function elementId(kind: string | undefined, slug: string | undefined): string | null {
  if (!kind || !slug) return null;
  return `${kind}/${slug}`;
}

/**
 * The query to send for what is typed, or null when there is nothing to search for yet:
 * blank, only "@" / "#" marks, or too long (the box also stops typing at the limit).
 */
export function searchable(typed: string): string | null {
  const trimmed = typed.trim();
  if (trimmed.length > SEARCH_MAX) return null;
  if (!/[\p{L}\p{N}]/u.test(trimmed)) return null;
  return trimmed;
}

/** "1 look", "12 looks", "1.2k looks". */
export function lookCount(count: number): string {
  const shown = count >= 1000 ? `${(count / 1000).toFixed(count >= 10000 ? 0 : 1).replace(/\.0$/, "")}k` : String(count);
  return `${shown} ${count === 1 ? "look" : "looks"}`;
}
