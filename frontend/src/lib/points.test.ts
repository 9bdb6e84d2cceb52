import { describe, expect, it } from "vitest";

import { pointsLabel, pointsValue, rateInput, rateText, statusText, windowInput } from "./points";

describe("points", () => {
  it("counts points and says what they are worth", () => {
    expect(pointsLabel(1)).toBe("1 point");
    expect(pointsLabel(400)).toBe("400 points");
    expect(pointsValue(400, "USD")).toBe("$4.00");
    expect(pointsValue(400, "JPY")).toContain("400");
  });

  it("says each status with its date", () => {
    expect(statusText("PENDING", "2026-07-16T12:00:00Z", null)).toMatch(/^available after /);
    expect(statusText("AVAILABLE", "2026-07-16T12:00:00Z", "2026-07-17T03:00:00Z")).toMatch(/^since /);
    expect(statusText("REVERSED", "2026-07-16T12:00:00Z", null)).toContain("returned");
  });

  it("reads and writes the rate in percent, stored in basis points", () => {
    expect(rateText(500)).toBe("5%");
    expect(rateText(250)).toBe("2.5%");
    expect(rateInput("5")).toEqual({ basisPoints: 500 });
    expect(rateInput("2.5")).toEqual({ basisPoints: 250 });
    expect(rateInput("0")).toEqual({ basisPoints: 0 });
    expect(rateInput("51")).toHaveProperty("problem");
    expect(rateInput("-1")).toHaveProperty("problem");
    expect(rateInput("five")).toHaveProperty("problem");
  });

  it("reads the window in whole days", () => {
    expect(windowInput("0")).toEqual({ days: 0 });
    expect(windowInput(" 30 ")).toEqual({ days: 30 });
    expect(windowInput("1.5")).toHaveProperty("problem");
    expect(windowInput("400")).toHaveProperty("problem");
  });
});
