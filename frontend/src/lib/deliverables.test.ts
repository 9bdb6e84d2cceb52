import { describe, expect, it } from "vitest";

import {
  campaignChoices,
  creatorOrder,
  deliverableLabel,
  DELIVERABLE_FILTERS,
  feeNote,
  filterStatus,
  reviewSentence,
  statusSummary,
} from "./deliverables";
import type { CommissionRule, MembershipWithCampaign } from "./graphql/commerce";

const usd = (amountMinor: number) => ({ amountMinor, currency: "USD" });
const fixedFee: CommissionRule = { kind: "FIXED_FEE", basisPoints: null, amount: usd(5000) };
const percent: CommissionRule = { kind: "PERCENT", basisPoints: 1000, amount: null };

function membership(
  id: string,
  status: MembershipWithCampaign["status"],
  campaign: Partial<NonNullable<MembershipWithCampaign["campaign"]>> | null,
): MembershipWithCampaign {
  return {
    id: `mem_${id}`,
    campaignId: `cmp_${id}`,
    influencerId: "usr_kol",
    status,
    pitch: "",
    creatorCode: null,
    createdAt: "2026-05-01T00:00:00Z",
    updatedAt: "2026-05-01T00:00:00Z",
    campaign:
      campaign === null
        ? null
        : { id: `cmp_${id}`, name: `Campaign ${id}`, status: "ACTIVE", endsAt: "2026-07-01T00:00:00Z", productIds: [], commissionRule: percent, ...campaign },
  };
}

describe("deliverable words", () => {
  it("labels every status and filter", () => {
    expect(deliverableLabel("SUBMITTED")).toBe("Submitted");
    expect(deliverableLabel("APPROVED")).toBe("Approved");
    expect(deliverableLabel("REJECTED")).toBe("Rejected");
    expect(DELIVERABLE_FILTERS[0]?.value).toBe("SUBMITTED");
    expect(DELIVERABLE_FILTERS.map((f) => filterStatus(f.value))).toEqual(["SUBMITTED", "APPROVED", "REJECTED", null]);
  });

  it("states the fee only for FIXED_FEE campaigns", () => {
    expect(feeNote(percent, { status: "APPROVED", fee: null })).toBeNull();
    expect(feeNote(fixedFee, { status: "SUBMITTED", fee: null })).toBe("Approving pays $50.00");
    expect(feeNote(fixedFee, { status: "SUBMITTED", fee: null }, "creator")).toBe("Pays $50.00 once approved");
    expect(feeNote(fixedFee, { status: "REJECTED", fee: null })).toBe("Fee on approval $50.00");
    expect(feeNote(fixedFee, { status: "APPROVED", fee: usd(5000) })).toBe("Fee $50.00");
    expect(feeNote(fixedFee, { status: "APPROVED", fee: usd(1200) })).toBe("Fee $12.00 (the budget ran short of $50.00)");
    expect(feeNote(fixedFee, { status: "APPROVED", fee: usd(0) })).toBe("No fee: the budget was used up");
  });

  it("tells the author where their post stands", () => {
    const campaign = { id: "cmp_1", name: "Linen Week" };
    expect(reviewSentence({ status: "SUBMITTED", reason: null, fee: null, campaign })).toBe("Submitted for “Linen Week”: waiting for the brand's review.");
    expect(reviewSentence({ status: "APPROVED", reason: null, fee: usd(5000), campaign })).toBe(
      "Approved for “Linen Week”. Its $50.00 fee is in your pending earnings.",
    );
    expect(reviewSentence({ status: "APPROVED", reason: null, fee: null, campaign: null })).toBe("Approved for the campaign.");
    expect(reviewSentence({ status: "REJECTED", reason: "Show the label.", fee: null, campaign })).toBe("Sent back from “Linen Week”: Show the label.");
  });
});

describe("campaignChoices", () => {
  const now = new Date("2026-06-01T12:00:00Z");

  it("offers approved memberships of running campaigns, by name", () => {
    const choices = campaignChoices(
      [
        membership("b", "APPROVED", { name: "Summer Tees" }),
        membership("a", "APPROVED", { name: "Linen Week" }),
        membership("c", "APPLIED", {}),
        membership("d", "DECLINED", {}),
        membership("e", "APPROVED", { status: "ENDED" }),
        membership("f", "APPROVED", { status: "DRAFT" }),
        membership("g", "APPROVED", { endsAt: "2026-06-01T11:59:00Z" }),
        membership("h", "APPROVED", null),
      ],
      now,
    );
    expect(choices).toEqual([
      { id: "cmp_a", name: "Linen Week" },
      { id: "cmp_b", name: "Summer Tees" },
    ]);
  });
});

describe("a creator's campaign posts", () => {
  const post = (id: string, status: "SUBMITTED" | "APPROVED" | "REJECTED" | null) => ({ id, deliverable: status ? { status } : null });
  const posts = [post("a", "APPROVED"), post("b", "SUBMITTED"), post("c", "REJECTED"), post("d", "APPROVED"), post("e", "REJECTED"), post("f", null)];

  it("puts what needs the creator first, keeping the listed order within a status", () => {
    expect(creatorOrder(posts).map((p) => p.id)).toEqual(["c", "e", "b", "a", "d", "f"]);
  });

  it("sums up the statuses present", () => {
    expect(statusSummary(posts)).toBe("2 sent back · 1 waiting · 2 approved");
    expect(statusSummary([post("a", "APPROVED")])).toBe("1 approved");
    expect(statusSummary([])).toBe("");
  });
});
