/**
 * The Links page's list: links grouped by the product they sell, filtered by what was typed.
 * Pure, so the grouping and the matching are tested without rendering.
 */

export interface GroupableLink {
  id: string;
  code: string;
  label: string;
  productId: string;
  clicks: number;
  orders: number;
  postCaption?: string | null;
  product?: { title: string } | null;
}

export interface LinkGroup<L extends GroupableLink> {
  productId: string;
  title: string;
  links: L[];
  clicks: number;
  orders: number;
}

/** Lower case, accents dropped: "Écharpe" matches "echarpe". */
export function fold(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

function matches(link: GroupableLink, words: string[]): boolean {
  const haystack = fold([link.label, link.code, link.product?.title ?? "", link.postCaption ?? ""].join(" "));
  return words.every((word) => haystack.includes(word));
}

/**
 * The links that match every word of `query` (in their label, code, product or post), grouped
 * by product; the groups ordered by orders, then clicks, then title; links inside a group keep
 * the order they came in (newest first).
 */
export function groupLinks<L extends GroupableLink>(links: readonly L[], query: string): LinkGroup<L>[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const groups = new Map<string, LinkGroup<L>>();
  for (const link of links) {
    if (words.length > 0 && !matches(link, words)) continue;
    let group = groups.get(link.productId);
    if (!group) {
      group = { productId: link.productId, title: link.product?.title ?? "Product", links: [], clicks: 0, orders: 0 };
      groups.set(link.productId, group);
    }
    group.links.push(link);
    group.clicks += link.clicks;
    group.orders += link.orders;
  }
  return [...groups.values()].sort((a, b) => b.orders - a.orders || b.clicks - a.clicks || a.title.localeCompare(b.title));
}
