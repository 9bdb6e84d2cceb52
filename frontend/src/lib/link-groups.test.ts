import { describe, expect, it } from "vitest";

import { fold, groupLinks, type GroupableLink } from "./link-groups";

function link(id: string, productId: string, title: string, clicks: number, orders: number, postCaption: string | null = null): GroupableLink {
  return { id, code: `c${id}`, label: postCaption ? `${title} · ${postCaption}` : title, productId, clicks, orders, postCaption, product: { title } };
}

const LINKS = [
  link("1", "p1", "Linen shirt", 40, 2, "Beach day"),
  link("2", "p2", "Écharpe en laine", 10, 0),
  link("3", "p1", "Linen shirt", 5, 1),
  link("4", "p3", "Denim skirt", 90, 2),
];

describe("groupLinks", () => {
  it("groups by product, busiest first, keeping each group's order", () => {
    const groups = groupLinks(LINKS, "");
    expect(groups.map((g) => g.productId)).toEqual(["p1", "p3", "p2"]);
    const shirt = groups[0]!;
    expect(shirt.links.map((l) => l.id)).toEqual(["1", "3"]);
    expect([shirt.clicks, shirt.orders]).toEqual([45, 3]);
  });

  it("finds by product, post or code, whatever the case or accents", () => {
    expect(groupLinks(LINKS, "echarpe").map((g) => g.productId)).toEqual(["p2"]);
    expect(groupLinks(LINKS, "BEACH").flatMap((g) => g.links.map((l) => l.id))).toEqual(["1"]);
    expect(groupLinks(LINKS, "c4").flatMap((g) => g.links.map((l) => l.id))).toEqual(["4"]);
    expect(groupLinks(LINKS, "linen day").flatMap((g) => g.links.map((l) => l.id))).toEqual(["1"]);
    expect(groupLinks(LINKS, "nothing like this")).toEqual([]);
  });

  it("folds accents and case", () => {
    expect(fold("Écharpe ÜBER")).toBe("echarpe uber");
  });
});
