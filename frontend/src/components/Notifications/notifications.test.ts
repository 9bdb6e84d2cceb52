import { describe, expect, it } from "vitest";

import type { AppNotification } from "../../lib/graphql/admin";
import { bellLabel, emptyInboxText, notificationTarget, notificationTitle, unreadCount } from "./notifications";

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
    postId: null,
    ...overrides,
  };
}

describe("unreadCount", () => {
  it("shows the API's count on the badge, nothing for none", () => {
    expect(unreadCount(2)).toEqual({ count: 2, badge: "2" });
    expect(unreadCount(0)).toEqual({ count: 0, badge: "" });
    // More than one page of the panel: the count is still the whole one.
    expect(unreadCount(21)).toEqual({ count: 21, badge: "21" });
  });

  it("caps the badge, not the count, above 99", () => {
    expect(unreadCount(99).badge).toBe("99");
    expect(unreadCount(100)).toEqual({ count: 100, badge: "99+" });
  });

  it("names the bell with the whole count", () => {
    expect(bellLabel(unreadCount(0))).toBe("Notifications");
    expect(bellLabel(unreadCount(3))).toBe("Notifications, 3 unread");
    expect(bellLabel(unreadCount(120))).toBe("Notifications, 120 unread");
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

  it("leads an influencer to the post a review is about", () => {
    expect(notificationTarget("INFLUENCER", notice({ kind: "DELIVERABLE_REJECTED", postId: "pst_1" }))).toBe("/feed/posts/pst_1");
    expect(notificationTarget("INFLUENCER", notice({ kind: "DELIVERABLE_APPROVED", postId: "pst_2" }))).toBe("/feed/posts/pst_2");
  });

  it("leads an influencer to their campaigns when the notice names no post", () => {
    expect(notificationTarget("INFLUENCER", notice({ kind: "DELIVERABLE_REJECTED" }))).toBe("/campaigns");
  });

  it("leads a brand to the campaign a submitted post is for, not to the post", () => {
    expect(notificationTarget("BRAND", notice({ kind: "DELIVERABLE_SUBMITTED", postId: "pst_1" }))).toBe("/brand/campaigns/cmp_1");
    expect(notificationTarget("BRAND", notice({ kind: "DELIVERABLE_SUBMITTED", campaignId: null, postId: "pst_1" }))).toBeNull();
  });

  it("leads a designer to the test drops", () => {
    expect(notificationTarget("DESIGNER", notice({ kind: "SOLD_OUT_SOON", campaignId: null, testDropId: "drp_1" }))).toBe("/test-drops");
  });

  it("leads to the look people liked or commented on, and to one's profile for followers", () => {
    const liked = notice({ kind: "POST_LIKED", campaignId: null, postId: "pst_9" });
    expect(notificationTarget("SHOPPER", liked)).toBe("/feed/posts/pst_9");
    expect(notificationTarget("INFLUENCER", { ...liked, kind: "POST_COMMENTED" })).toBe("/feed/posts/pst_9");
    expect(notificationTarget("SHOPPER", notice({ kind: "NEW_FOLLOWER", campaignId: null }))).toBe("/profile");
  });

  it("leads nowhere the viewer cannot open, or for a notice about nothing", () => {
    expect(notificationTarget("SHOPPER", notice())).toBeNull();
    expect(notificationTarget("BRAND", notice({ kind: "SOMETHING_ELSE", campaignId: null }))).toBeNull();
  });
});

describe("emptyInboxText", () => {
  it("promises each role what it receives", () => {
    expect(emptyInboxText("SHOPPER")).toContain("Likes, comments and new followers");
    expect(emptyInboxText("SHOPPER")).not.toContain("Budget");
    expect(emptyInboxText("BRAND")).toContain("Budget alerts");
    expect(emptyInboxText("DESIGNER")).toContain("Test-drop");
  });

  it("titles people's notices", () => {
    expect(notificationTitle("POST_LIKED")).toBe("Likes");
    expect(notificationTitle("NEW_FOLLOWER")).toBe("New followers");
  });
});
