import { describe, expect, it } from "vitest";

import { notificationTarget, notificationTitle } from "../components/Notifications/notifications";
import type { AppNotification } from "./graphql/admin";
import { formatEngagement, formatRoas, inviteOptions } from "./campaigns";
import { changeSummary, diffSegments, ordinal, submissionLabel } from "./deliverables";
import type { CaptionDiffPart } from "./graphql/creators";

const part = (kind: CaptionDiffPart["kind"], text: string): CaptionDiffPart => ({ kind, text });

describe("the caption diff as the review shows it", () => {
  it("labels added and removed runs and keeps short kept runs whole", () => {
    const segments = diffSegments([part("SAME", "Summer "), part("ADDED", "linen "), part("SAME", "dress for "), part("REMOVED", "the beach")]);
    expect(segments).toEqual([
      { kind: "SAME", text: "Summer ", label: null },
      { kind: "ADDED", text: "linen ", label: "added" },
      { kind: "SAME", text: "dress for ", label: null },
      { kind: "REMOVED", text: "the beach", label: "removed" },
    ]);
  });

  it("shortens a long kept run in the middle, keeping the words next to each change", () => {
    const long = "one two three four five six seven eight nine ten ";
    const [, middle] = diffSegments([part("ADDED", "New "), part("SAME", long), part("REMOVED", "old")], 2);
    expect(middle).toEqual({ kind: "SAME", text: "one two … nine ten ", label: null });
    const [head] = diffSegments([part("SAME", long), part("ADDED", "end")], 2);
    expect(head!.text).toBe("… nine ten ");
    const [tail] = diffSegments([part("SAME", long)], 2);
    expect(tail!.text).toBe(long); // an unchanged caption is shown whole
  });
});

describe("what changed, in words", () => {
  const none = { wordsAdded: 0, wordsRemoved: 0, hashtagsAdded: [], hashtagsRemoved: [], productsAdded: [], productsRemoved: [], unchanged: false };

  it("counts words, hashtags and products", () => {
    expect(changeSummary({ ...none, wordsAdded: 3, wordsRemoved: 1, hashtagsAdded: ["linen"], productsAdded: [{}] })).toBe(
      "3 words added, 1 removed · 1 hashtag changed · 1 product tagged",
    );
    expect(changeSummary({ ...none, wordsRemoved: 1, productsRemoved: [{}, {}] })).toBe("1 word removed · 2 products untagged");
    expect(changeSummary({ ...none, unchanged: true })).toBe("Nothing changed since it was sent back.");
    expect(changeSummary(none)).toBe("Only spacing changed.");
  });

  it("numbers submissions", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual(["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]);
    expect(submissionLabel(2)).toBe("2nd submission");
  });
});

describe("creator figures", () => {
  it("formats engagement and ROAS, with a dash when there is none", () => {
    expect(formatEngagement(0.042)).toBe("4.2%");
    expect(formatEngagement(1)).toBe("100%");
    expect(formatEngagement(null)).toBe("—");
    expect(formatRoas(10)).toBe("10.0×");
    expect(formatRoas(null)).toBe("—");
  });

  it("offers drafts and running campaigns with where the creator stands", () => {
    const options = inviteOptions([
      { id: "c1", name: "Summer", status: "ACTIVE", membershipOf: null },
      { id: "c2", name: "Autumn", status: "DRAFT", membershipOf: { status: "INVITED" } },
      { id: "c3", name: "Spring", status: "ENDED", membershipOf: null },
      { id: "c4", name: "Denim", status: "ACTIVE", membershipOf: { status: "APPLIED" } },
    ]);
    expect(options).toEqual([
      { id: "c1", name: "Summer", canInvite: true, label: "Invite" },
      { id: "c2", name: "Autumn", canInvite: false, label: "Invited" },
      { id: "c4", name: "Denim", canInvite: true, label: "Applied: invite to approve" },
    ]);
  });
});

describe("an invitation notice", () => {
  it("is titled and leads the influencer to their campaigns, where they answer it", () => {
    const notice = {
      id: "ntf_1",
      kind: "CAMPAIGN_INVITATION",
      message: "Northwind invited you to “Linen Week”.",
      createdAt: "2026-06-01T10:00:00Z",
      read: false,
      campaignId: "cmp_1",
      testDropId: null,
      productId: null,
      postId: null,
    } as AppNotification;
    expect(notificationTitle("CAMPAIGN_INVITATION")).toBe("Campaign invitation");
    expect(notificationTarget("INFLUENCER", notice)).toBe("/campaigns");
  });
});
