import { describe, expect, it } from "vitest";

import { chartTop, clipBand, formatGrowth, formatLift, historyWithForecast, sparklineValues, STATE_DESCRIPTIONS, STATE_LABELS } from "./trends";

const day = (date: string, authors: number) => ({ date, authors });

describe("trend shaping", () => {
  it("adds markets up per day and appends the forecast band", () => {
    const rows = historyWithForecast(
      [
        { days: [day("2026-06-01", 2), day("2026-06-02", 3)] },
        { days: [day("2026-06-02", 4), day("2026-06-03", 1)] },
      ],
      [
        { date: "2026-06-03", expected: 9, lower: 8, upper: 10 },
        { date: "2026-06-04", expected: 6, lower: 4, upper: 8 },
        { date: "2026-06-05", expected: 7, lower: 4.5, upper: 9.5 },
      ],
    );
    expect(rows).toEqual([
      { date: "2026-06-01", actual: 2, expected: null, band: null },
      { date: "2026-06-02", actual: 7, expected: null, band: null },
      // The last actual day starts the forecast line, so the two join.
      { date: "2026-06-03", actual: 1, expected: 1, band: [1, 1] },
      { date: "2026-06-04", actual: null, expected: 6, band: [4, 8] },
      { date: "2026-06-05", actual: null, expected: 7, band: [4.5, 9.5] },
    ]);
  });

  it("keeps the last n days of history", () => {
    const rows = historyWithForecast([{ days: [day("2026-06-01", 1), day("2026-06-02", 2), day("2026-06-03", 3)] }], [], 2);
    expect(rows.map((r) => r.date)).toEqual(["2026-06-02", "2026-06-03"]);
    expect(rows[1]?.expected).toBeNull();
  });

  it("copes with no history", () => {
    expect(historyWithForecast([], [{ date: "2026-06-04", expected: 1, lower: 0, upper: 2 }])).toEqual([
      { date: "2026-06-04", actual: null, expected: 1, band: [0, 2] },
    ]);
  });

  it("words growth and lift", () => {
    expect(formatGrowth(61.6)).toBe("+62%");
    expect(formatGrowth(-8.2)).toBe("\u22128%");
    expect(formatGrowth(0.3)).toBe("0%");
    expect(formatLift(1.42)).toBe("1.4\u00d7 avg");
  });

  it("orders sparkline points by day", () => {
    expect(sparklineValues([{ date: "2026-06-02", value: 2 }, { date: "2026-06-01", value: 1 }]).map((p) => p.value)).toEqual([1, 2]);
  });

  it("scales the chart to the history, not to a wide forecast band", () => {
    const rows = historyWithForecast(
      [{ days: [day("2026-06-01", 2), day("2026-06-02", 4), day("2026-06-03", 3)] }],
      [
        { date: "2026-06-04", expected: 3.2, lower: 0.5, upper: 40 },
        { date: "2026-06-05", expected: 3.4, lower: 0.2, upper: 100 },
      ],
    );
    const top = chartTop(rows);
    expect(top).toBe(6); // the history peaks at 4: 4 + 2, not 100
    const clipped = clipBand(rows, top);
    expect(clipped.map((r) => r.band?.[1] ?? null)).toEqual([null, null, 3, 6, 6]);
    expect(clipped[4]?.band?.[0]).toBe(0.2);
    expect(chartTop([{ date: "2026-06-01", actual: 80, expected: null, band: null }])).toBe(120);
    expect(chartTop([])).toBe(4);
  });

  it("names and explains every state, cooling included", () => {
    expect(STATE_LABELS.COOLING).toBe("Cooling");
    expect(STATE_DESCRIPTIONS.COOLING).toMatch(/two weeks/);
  });
});
