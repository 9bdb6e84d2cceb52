import { describe, expect, it } from "vitest";

import { photoIndexOf } from "./Composer";

describe("composer errors", () => {
  it("finds the photo a server error is about", () => {
    expect(photoIndexOf("images.2")).toBe(2);
    expect(photoIndexOf("input.images.0")).toBe(0);
    expect(photoIndexOf("images")).toBeNull();
    expect(photoIndexOf("caption")).toBeNull();
    expect(photoIndexOf(null)).toBeNull();
  });
});
