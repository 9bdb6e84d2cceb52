import { describe, expect, it } from "vitest";

import { budgetUsed, describeRule, endsIn, localInputToIso, toLocalInput } from "./campaigns";

describe("campaign words", () => {
  it("describes each commission rule", () => {
    expect(describeRule({ kind: "PERCENT", basisPoints: 1250, amount: null })).toMatch(/12\.5%/);
    expect(describeRule({ kind: "FLAT", basisPoints: null, amount: { amountMinor: 500, currency: "USD" } })).toBe("$5.00 per order");
    expect(describeRule({ kind: "FIXED_FEE", basisPoints: null, amount: { amountMinor: 20000, currency: "USD" } })).toBe(
      "$200.00 per approved post",
    );
  });

  it("measures the budget used", () => {
    expect(budgetUsed(250, 1000)).toBe(0.25);
    expect(budgetUsed(2000, 1000)).toBe(1);
    expect(budgetUsed(0, 0)).toBe(1);
  });

  it("says when a campaign ends", () => {
    const now = new Date("2026-06-01T12:00:00Z");
    expect(endsIn("2026-06-13T13:00:00Z", now)).toBe("Ends in 12 days");
    expect(endsIn("2026-06-02T13:00:00Z", now)).toBe("Ends tomorrow");
    expect(endsIn("2026-06-01T18:00:00Z", now)).toBe("Ends today");
    expect(endsIn("2026-05-01T00:00:00Z", now)).toBe("Ended");
  });

  it("round-trips datetime-local values", () => {
    const date = new Date(2026, 5, 1, 9, 30);
    expect(toLocalInput(date)).toBe("2026-06-01T09:30");
    expect(localInputToIso(toLocalInput(date))).toBe(date.toISOString());
    expect(localInputToIso("")).toBeNull();
  });
});
