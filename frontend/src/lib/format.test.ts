import { describe, expect, it } from "vitest";

import { formatDate, initials, marketLabel, roleLabel } from "./format";

describe("format", () => {
  it("makes up to two initials from a name", () => {
    expect(initials("Mia Chen")).toBe("MC");
    expect(initials("  ada  ")).toBe("A");
    expect(initials("Jean Paul Gaultier")).toBe("JG");
    expect(initials("émile zola")).toBe("ÉZ");
    expect(initials("")).toBe("");
  });

  it("keeps an emoji whole", () => {
    expect(initials("🦊 Fox")).toBe("🦊F");
  });

  it("names roles and markets", () => {
    expect(roleLabel("INFLUENCER")).toBe("Influencer");
    expect(marketLabel("SA")).toBe("Saudi Arabia");
  });

  it("returns text that is not a date unchanged", () => {
    expect(formatDate("soon")).toBe("soon");
    expect(formatDate("2026-03-04T10:00:00+00:00")).toMatch(/2026/);
  });
});
