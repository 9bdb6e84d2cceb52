import { describe, expect, it, vi } from "vitest";

import { FollowStates, handleProblem, normaliseHandle, profilePath } from "./profiles";

describe("profile paths", () => {
  it("puts the handle under /u/, with its lists below", () => {
    expect(profilePath("ana.lima")).toBe("/u/ana.lima");
    expect(profilePath("ana.lima", "followers")).toBe("/u/ana.lima/followers");
    expect(profilePath("ana_l", "following")).toBe("/u/ana_l/following");
  });
});

describe("handles", () => {
  it("folds case, accents and a leading @ like the server", () => {
    for (const typed of ["ana", "@ANA", "Ána", " @ána "]) expect(normaliseHandle(typed)).toBe("ana");
  });

  it("tells what is wrong before asking the server", () => {
    expect(handleProblem("@Ana_Lima.99")).toBeNull();
    expect(handleProblem("")).toBe("Choose a handle.");
    expect(handleProblem("ab")).toMatch(/at least 3/);
    expect(handleProblem("a".repeat(31))).toMatch(/at most 30/);
    for (const bad of ["ana lima", "ana..lima", "ana.", ".ana", "ana-lima", "林小雨"]) {
      expect(handleProblem(bad)).toMatch(/letters a-z/);
    }
  });
});

describe("FollowStates", () => {
  it("uses what the page loaded until the viewer changes it", () => {
    const states = new FollowStates();
    expect(states.get("usr_1", true)).toBe(true);
    expect(states.get("usr_1", null)).toBe(false);
    states.set("usr_1", false);
    expect(states.get("usr_1", true)).toBe(false);
  });

  it("tells listeners about real changes only, and forgets on clear", () => {
    const states = new FollowStates();
    const listener = vi.fn();
    const stop = states.subscribe(listener);
    const before = states.version();
    states.set("usr_1", true);
    states.set("usr_1", true);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(states.version()).not.toBe(before);
    states.clear();
    expect(states.get("usr_1", false)).toBe(false);
    stop();
    states.set("usr_2", true);
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
