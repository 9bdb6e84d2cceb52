import { describe, expect, it } from "vitest";

import { addTag, draftTags, moveTag, removeTag, tagErrorMessage, tagsChanged, tagsInput, type DraftTag } from "./product-tags";

const dress: DraftTag = { productId: "prd_dress", imageIndex: 0, x: 0.25, y: 0.5, title: "Linen dress", archived: false };
const bag: DraftTag = { productId: "prd_bag", imageIndex: 1, x: 0.7, y: 0.8, title: "Straw bag", archived: true };

describe("draftTags", () => {
  it("starts from the post's tags, naming products that left the catalogue", () => {
    const tags = draftTags([
      { productId: "prd_dress", imageIndex: 0, x: 0.25, y: 0.5, product: { title: "Linen dress", archived: false } },
      { productId: "prd_gone", imageIndex: 0, x: 0.1, y: 0.1, product: null },
    ]);
    expect(tags[0]).toEqual(dress);
    expect(tags[1]?.title).toMatch(/no longer in the catalogue/);
  });
});

describe("editing", () => {
  it("adds with rounded, clamped points; moves one tag only; removes by position", () => {
    const added = addTag([dress], { ...bag, x: 1.2, y: 0.123456 });
    expect(added[1]).toMatchObject({ x: 1, y: 0.1235 });
    const moved = moveTag(added, 0, { x: 0.9, y: 0.1 }, 1);
    expect(moved[0]).toMatchObject({ productId: "prd_dress", imageIndex: 1, x: 0.9, y: 0.1 });
    expect(moved[1]).toEqual(added[1]);
    expect(removeTag(moved, 0).map((t) => t.productId)).toEqual(["prd_bag"]);
  });

  it("sends only what editPost takes", () => {
    expect(tagsInput([dress])).toEqual([{ productId: "prd_dress", imageIndex: 0, x: 0.25, y: 0.5 }]);
  });

  it("knows when nothing changed", () => {
    expect(tagsChanged([dress, bag], [dress, bag])).toBe(false);
    expect(tagsChanged([dress, bag], [bag, dress])).toBe(true);
    expect(tagsChanged([dress], moveTag([dress], 0, { x: 0.3, y: 0.5 }, 0))).toBe(true);
    expect(tagsChanged([dress], [])).toBe(true);
  });
});

describe("tagErrorMessage", () => {
  it("names the tag a field error is about", () => {
    expect(tagErrorMessage([dress, bag], "productTags.1.productId", "It can't be tagged.")).toBe("Straw bag: It can't be tagged.");
    expect(tagErrorMessage([dress], "productTags.0.productId", "“Linen dress” is no longer sold.")).toBe("“Linen dress” is no longer sold.");
    expect(tagErrorMessage([dress], "id", "The post changed.")).toBe("The post changed.");
  });
});
