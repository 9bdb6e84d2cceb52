import { describe, expect, it } from "vitest";

import { elementId, elementPath, lookCount, searchable, tagPath } from "./search";

describe("explore paths", () => {
  it("builds a hashtag's page without the mark, escaped", () => {
    expect(tagPath("ootd")).toBe("/explore/tags/ootd");
    expect(tagPath("#été")).toBe("/explore/tags/%C3%A9t%C3%A9");
    expect(tagPath("＃碎花")).toBe(`/explore/tags/${encodeURIComponent("碎花")}`);
  });

  it("builds and reads an element's page", () => {
    expect(elementPath("pattern/floral")).toBe("/explore/elements/pattern/floral");
    expect(elementId("pattern", "floral")).toBe("pattern/floral");
    expect(elementId(undefined, "floral")).toBeNull();
  });
});

describe("searchable", () => {
  it("sends nothing for blanks, marks alone or an over-long query", () => {
    expect(searchable("   ")).toBeNull();
    expect(searchable(" @# ")).toBeNull();
    expect(searchable("z".repeat(65))).toBeNull();
  });

  it("sends what is typed, trimmed, in any script", () => {
    expect(searchable(" zo ")).toBe("zo");
    expect(searchable("@ana")).toBe("@ana");
    expect(searchable("碎花")).toBe("碎花");
  });
});

describe("lookCount", () => {
  it("counts looks briefly", () => {
    expect(lookCount(1)).toBe("1 look");
    expect(lookCount(12)).toBe("12 looks");
    expect(lookCount(1250)).toBe("1.3k looks");
    expect(lookCount(25000)).toBe("25k looks");
  });
});
