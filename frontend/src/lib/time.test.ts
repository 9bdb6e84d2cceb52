import { describe, expect, it } from "vitest";

import { formatDay, formatRelative } from "./time";

describe("times", () => {
  const now = new Date("2026-06-10T12:00:00Z");
  it("says recent times relative to now", () => {
    expect(formatRelative("2026-06-10T11:59:40Z", now, "en")).toBe("just now");
    expect(formatRelative("2026-06-10T11:55:00Z", now, "en")).toBe("5 min. ago");
    expect(formatRelative("2026-06-10T09:00:00Z", now, "en")).toBe("3 hr. ago");
    expect(formatRelative("2026-06-08T12:00:00Z", now, "en")).toBe("2 days ago");
    expect(formatRelative("2026-05-01T12:00:00Z", now, "en-US")).toBe("May 1, 2026");
    expect(formatRelative("not a date", now)).toBe("not a date");
  });

  it("writes UTC days short", () => {
    expect(formatDay("2026-06-01", "en-US")).toBe("Jun 1");
  });
});
