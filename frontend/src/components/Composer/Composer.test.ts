import { describe, expect, it } from "vitest";

import { fieldOf, photoIndexOf } from "./Composer";

describe("composer errors", () => {
  it("finds the photo a server error is about", () => {
    expect(photoIndexOf("images.2")).toBe(2);
    expect(photoIndexOf("input.images.0")).toBe(0);
    expect(photoIndexOf("images")).toBeNull();
    expect(photoIndexOf("caption")).toBeNull();
    expect(photoIndexOf(null)).toBeNull();
  });
});

describe("composer fields", () => {
  it("names the input field a server error is about", () => {
    expect(fieldOf({ field: "input.campaignId", code: "FORBIDDEN", message: "x" })).toBe("campaignId");
    expect(fieldOf({ field: "caption", code: "TOO_LONG", message: "x" })).toBe("caption");
    expect(fieldOf({ field: null, code: "FORBIDDEN", message: "x" })).toBeNull();
  });
});
