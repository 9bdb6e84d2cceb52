import { describe, expect, it } from "vitest";

import {
  addDays,
  brandActions,
  canRequestEarly,
  dueWords,
  earlyPayDefault,
  formatDays,
  formatEffect,
  formatKpi,
  gradeFromLevel,
  gradeHistorySeries,
  gradeLevel,
  groupByState,
  leadTimeStatus,
  periodLabel,
  qcProblem,
  remainingToShip,
  scheduleFilter,
  shipProblem,
  supplierActions,
  supplierSplit,
  termsWords,
} from "./suppliers";

describe("grades", () => {
  it("ranks S highest and maps levels back to grades", () => {
    expect(["S", "A", "B", "C", "D"].map((g) => gradeLevel(g as "S"))).toEqual([5, 4, 3, 2, 1]);
    expect(gradeFromLevel(5)).toBe("S");
    expect(gradeFromLevel(1)).toBe("D");
    expect(gradeFromLevel(0)).toBeNull();
  });

  it("turns a history (newest first) into a chart series, oldest first", () => {
    const series = gradeHistorySeries([
      { period: "2026-11", grade: "A", score: 0.712 },
      { period: "2026-09", grade: "C", score: 0.41 },
      { period: "2026-10", grade: "B", score: 0.55 },
    ]);
    expect(series.map((p) => [p.period, p.grade, p.level, p.score])).toEqual([
      ["2026-09", "C", 2, 41],
      ["2026-10", "B", 3, 55],
      ["2026-11", "A", 4, 71],
    ]);
  });

  it("words terms, effects and periods", () => {
    expect(termsWords(15)).toBe("Paid 15 days after receipt");
    expect(formatEffect(0.0834)).toBe("+8.3");
    expect(formatEffect(-0.05)).toBe("−5.0");
    expect(formatEffect(0)).toBe("±0");
    expect(periodLabel("2026-11", "en-US")).toBe("Nov 2026");
    expect(periodLabel("soon")).toBe("soon");
  });

  it("formats KPIs by kind, with a dash without evidence", () => {
    expect(formatKpi("onTimeRate", 0.935)).toBe("94%");
    expect(formatKpi("defectRate", 0.012)).toBe("1.2%");
    expect(formatKpi("defectRate", 0)).toBe("0%");
    expect(formatKpi("leadDaysP90", 6.04)).toBe("6 days");
    expect(formatKpi("lead_time", 1)).toBe("1 day");
    expect(formatKpi("acceptanceHoursMean", 0.4)).toBe("under 1 h");
    expect(formatKpi("acceptance", 5.6)).toBe("6 h");
    expect(formatKpi("costIndex", 0.9712)).toBe("0.97");
    expect(formatKpi("fillRate", null)).toBe("—");
  });
});

describe("purchase-order actions", () => {
  it("lets the supplier move an order forward only", () => {
    expect(supplierActions({ state: "ISSUED", ordered: 60, shipped: 0 })).toEqual(["accept", "decline"]);
    expect(supplierActions({ state: "ACCEPTED", ordered: 60, shipped: 0 })).toEqual(["start"]);
    expect(supplierActions({ state: "IN_PRODUCTION", ordered: 60, shipped: 0 })).toEqual(["ship"]);
    expect(supplierActions({ state: "SHIPPED", ordered: 60, shipped: 40 })).toEqual(["ship"]);
    expect(supplierActions({ state: "SHIPPED", ordered: 60, shipped: 60 })).toEqual([]);
    for (const state of ["DECLINED", "RECEIVED", "LISTED"] as const) {
      expect(supplierActions({ state, ordered: 60, shipped: 60 })).toEqual([]);
    }
  });

  it("lets the brand receive shipped orders and list received ones", () => {
    expect(brandActions("SHIPPED")).toEqual(["receive"]);
    expect(brandActions("RECEIVED")).toEqual(["list"]);
    expect(brandActions("ISSUED")).toEqual([]);
    expect(brandActions("LISTED")).toEqual([]);
  });

  it("counts what is left to ship, never below zero", () => {
    expect(remainingToShip({ ordered: 60, shipped: 25 })).toBe(35);
    expect(remainingToShip({ ordered: 60, shipped: 70 })).toBe(0);
  });

  it("checks shipments and quality checks", () => {
    expect(shipProblem(0)).not.toBeNull();
    expect(shipProblem(2.5)).not.toBeNull();
    expect(shipProblem(10)).toBeNull();
    expect(qcProblem({ passed: 0, defective: 0, reason: "" })).toBe("Enter the pieces received.");
    expect(qcProblem({ passed: 50, defective: 3, reason: " " })).toMatch(/what was wrong/);
    expect(qcProblem({ passed: -1, defective: 0, reason: "" })).toMatch(/whole numbers/);
    expect(qcProblem({ passed: 50, defective: 3, reason: "loose seams" })).toBeNull();
    expect(qcProblem({ passed: 50, defective: 0, reason: "" })).toBeNull();
  });

  it("groups orders into the board's columns, keeping empty ones", () => {
    const columns = groupByState([
      { id: "a", state: "SHIPPED" as const },
      { id: "b", state: "ISSUED" as const },
      { id: "c", state: "SHIPPED" as const },
    ]);
    expect(columns.map((c) => [c.state, c.orders.map((o) => o.id)])).toEqual([
      ["ISSUED", ["b"]],
      ["ACCEPTED", []],
      ["IN_PRODUCTION", []],
      ["SHIPPED", ["a", "c"]],
      ["RECEIVED", []],
      ["LISTED", []],
      ["DECLINED", []],
    ]);
  });
});

describe("lead time", () => {
  it("says whether a listed order made the target", () => {
    expect(leadTimeStatus({ elapsedDays: 5.5, totalDays: 5.5, targetDays: 7, onTarget: true })).toEqual({ tone: "green", text: "Listed in 5.5 days, within the 7 days target" });
    expect(leadTimeStatus({ elapsedDays: 9, totalDays: 9, targetDays: 7, onTarget: false }).tone).toBe("red");
  });

  it("shows a running lead time, red once past the target", () => {
    expect(leadTimeStatus({ elapsedDays: 3, totalDays: null, targetDays: 7, onTarget: null })).toEqual({ tone: "blue", text: "3 days of 7 days so far" });
    expect(leadTimeStatus({ elapsedDays: 8.26, totalDays: null, targetDays: 7, onTarget: false })).toEqual({ tone: "red", text: "8.3 days so far, over the 7 days target" });
    expect(formatDays(1)).toBe("1 day");
  });
});

describe("who makes a drop", () => {
  it("adds up pieces by supplier, declined orders left out, most first", () => {
    const canton = { id: "s1", name: "Canton", grade: "S" as const };
    const porto = { id: "s2", name: "Porto", grade: "A" as const };
    const split = supplierSplit([
      { state: "ACCEPTED", ordered: 40, supplier: porto },
      { state: "SHIPPED", ordered: 60, supplier: canton },
      { state: "DECLINED", ordered: 100, supplier: porto },
      { state: "ISSUED", ordered: 30, supplier: porto },
    ]);
    expect(split.map((r) => [r.name, r.pieces, r.orders])).toEqual([
      ["Porto", 70, 2],
      ["Canton", 60, 1],
    ]);
  });
});

describe("payments", () => {
  it("words due dates against today", () => {
    expect(dueWords("2026-12-10", "2026-12-07")).toBe("due in 3 days");
    expect(dueWords("2026-12-08", "2026-12-07")).toBe("due tomorrow");
    expect(dueWords("2026-12-07", "2026-12-07")).toBe("due today");
    expect(dueWords("2026-12-05", "2026-12-07")).toBe("2 days overdue");
  });

  it("offers early payment on open payables not yet due, from tomorrow when possible", () => {
    expect(canRequestEarly({ state: "OPEN", dueDate: "2026-12-20" }, "2026-12-07")).toBe(true);
    expect(canRequestEarly({ state: "OPEN", dueDate: "2026-12-07" }, "2026-12-07")).toBe(false);
    expect(canRequestEarly({ state: "EARLY_REQUESTED", dueDate: "2026-12-20" }, "2026-12-07")).toBe(false);
    expect(earlyPayDefault("2026-12-20", "2026-12-07")).toBe("2026-12-08");
    expect(earlyPayDefault("2026-12-08", "2026-12-07")).toBe("2026-12-07");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("splits the schedule into upcoming, overdue and paid", () => {
    expect(scheduleFilter("upcoming", "2026-12-07")).toEqual({ states: ["OPEN", "EARLY_REQUESTED", "EARLY_APPROVED"], dueFrom: "2026-12-07", dueTo: null });
    expect(scheduleFilter("overdue", "2026-12-01")).toEqual({ states: ["OPEN", "EARLY_REQUESTED", "EARLY_APPROVED"], dueFrom: null, dueTo: "2026-11-30" });
    expect(scheduleFilter("paid", "2026-12-07")).toEqual({ states: ["PAID"], dueFrom: null, dueTo: null });
  });
});
