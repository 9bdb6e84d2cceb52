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

  it("uses only letters and digits, whatever else the name holds", () => {
    expect(initials("🦊 Fox")).toBe("F");
    expect(initials("Sam <b>Bold</b>")).toBe("SB");
    expect(initials("(ツ) 42")).toBe("ツ4");
    expect(initials("🦊 ✨")).toBe("");
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
