import { describe, expect, it } from "vitest";

import type { AppNotification } from "../../lib/graphql/admin";
import { bellLabel, notificationTarget, notificationTitle, unreadCount } from "./notifications";

function notice(overrides: Partial<AppNotification> = {}): AppNotification {
  return {
    id: "ntf_1",
    kind: "BUDGET_EXHAUSTED",
    message: "The budget is spent.",
    createdAt: "2026-06-01T10:00:00Z",
    read: false,
    campaignId: "cmp_1",
    testDropId: null,
    productId: null,
    ...overrides,
  };
}

describe("unreadCount", () => {
  it("counts the unread notices of the page read", () => {
    const list = [notice({ id: "a" }), notice({ id: "b", read: true }), notice({ id: "c" })];
    expect(unreadCount(list, false)).toEqual({ count: 2, badge: "2" });
    expect(unreadCount([notice({ read: true })], false)).toEqual({ count: 0, badge: "" });
    expect(unreadCount([], false)).toEqual({ count: 0, badge: "" });
  });

  it("says there may be more when the whole page is unread and another follows", () => {
    const list = [notice({ id: "a" }), notice({ id: "b" })];
    expect(unreadCount(list, true)).toEqual({ count: 2, badge: "2+" });
    expect(unreadCount([notice({ id: "a" }), notice({ id: "b", read: true })], true).badge).toBe("1");
  });

  it("names the bell with its count", () => {
    expect(bellLabel({ count: 0, badge: "" })).toBe("Notifications");
    expect(bellLabel({ count: 3, badge: "3" })).toBe("Notifications, 3 unread");
    expect(bellLabel({ count: 20, badge: "20+" })).toBe("Notifications, 20+ unread");
  });
});

describe("notificationTitle", () => {
  it("titles the known kinds and words unknown ones", () => {
    expect(notificationTitle("BUDGET_EXHAUSTED")).toBe("Campaign budget spent");
    expect(notificationTitle("DELIVERABLE_APPROVED")).toBe("Post approved");
    expect(notificationTitle("DELIVERABLE_REJECTED")).toBe("Post sent back");
    expect(notificationTitle("SOLD_OUT_SOON")).toBe("Selling out soon");
    expect(notificationTitle("PAYOUT_SENT")).toBe("Payout sent");
    expect(notificationTitle("")).toBe("Notice");
  });
});

describe("notificationTarget", () => {
  it("leads a brand to the campaign whose budget is spent", () => {
    expect(notificationTarget("BRAND", notice())).toBe("/brand/campaigns/cmp_1");
  });

  it("leads an influencer to their campaigns after a review", () => {
    expect(notificationTarget("INFLUENCER", notice({ kind: "DELIVERABLE_REJECTED" }))).toBe("/campaigns");
  });

  it("leads a designer to the test drops", () => {
    expect(notificationTarget("DESIGNER", notice({ kind: "SOLD_OUT_SOON", campaignId: null, testDropId: "drp_1" }))).toBe("/test-drops");
  });

  it("leads nowhere the viewer cannot open, or for a notice about nothing", () => {
    expect(notificationTarget("SHOPPER", notice())).toBeNull();
    expect(notificationTarget("BRAND", notice({ kind: "SOMETHING_ELSE", campaignId: null }))).toBeNull();
  });
});
