import { describe, expect, it } from "vitest";

import { ADJUSTMENT_REASONS, MODERATION_DECISIONS, type PayoutMade } from "../../lib/graphql/admin";
import {
  adjustmentMinor,
  adjustmentReasonLabel,
  heldAgeText,
  decisionLabel,
  holdReasonExplanation,
  holdReasonLabel,
  holdStateLabel,
  humanise,
  influencerName,
  newRequestId,
  nothingPaidText,
  payoutSummary,
  postStatusLabel,
  reportCountText,
  reportReasonLabel,
  reviewReasonLabel,
  similarityText,
  tallyQuorumText,
  tallyVerdictText,
  tallyWeightText,
  weightText,
} from "./labels";

function payout(influencerId: string, amountMinor: number, currency: string, commissionCount: number): PayoutMade {
  return {
    id: `pay_${influencerId}_${currency}`,
    influencerId,
    influencer: { id: influencerId, displayName: `Name of ${influencerId}` },
    amount: { amountMinor, currency },
    commissionCount,
    clawbackCount: 0,
    runId: "run-1",
    createdAt: "2026-06-01T10:00:00Z",
  };
}

describe("moderation words", () => {
  it("names the queue's reasons, and still reads one the API adds later", () => {
    expect(reviewReasonLabel("REPORTED")).toBe("Reported");
    expect(reviewReasonLabel("LIKELY_REPOST")).toBe("Likely repost");
    expect(reviewReasonLabel("AUTO_FLAGGED_NUDITY")).toBe("Auto flagged nudity");
  });

  it("has a button, an effect and a past tense for every decision", () => {
    for (const decision of MODERATION_DECISIONS) {
      const words = decisionLabel(decision);
      expect(words.action).not.toBe("");
      expect(words.effect).not.toBe("");
      expect(words.done).not.toBe("");
    }
    expect(decisionLabel("HIDE")).toMatchObject({ action: "Hide", done: "Hidden" });
    expect(decisionLabel("REMOVE").action).toBe("Remove");
  });

  it("counts open reports in words, and says nothing for none", () => {
    expect(reportCountText(0)).toBeNull();
    expect(reportCountText(1)).toBe("1 open report");
    expect(reportCountText(3)).toBe("3 open reports");
  });

  it("puts the weighted reports against the hiding rule", () => {
    const tally = {
      weight: 1.4706,
      hideWeight: 2,
      reporters: 2,
      reportersNeeded: 3,
      networks: 1,
      networksNeeded: 3,
      byAdmin: false,
      hides: false,
    };
    expect(weightText(0)).toBe("0.00");
    expect(weightText(0.73529)).toBe("0.74");
    expect(tallyWeightText(tally)).toBe("1.47 of 2.00 report weight needed to hide");
    expect(tallyQuorumText(tally)).toBe("Reporters with standing: 2 of 3 · Networks: 1 of 3");
    expect(tallyVerdictText(tally)).toBe("Not enough to hide it: it stays up until decided.");
    expect(tallyVerdictText({ ...tally, hides: true })).toBe("Enough to hide it until decided.");
    expect(tallyVerdictText({ ...tally, hides: true, byAdmin: true })).toBe("An admin reported it: hidden until decided.");
    expect(reportReasonLabel("FAKE_PRODUCT")).toBe("Fake product");
  });

  it("describes how close a likely repost is", () => {
    expect(similarityText(0)).toBe("Identical photo");
    expect(similarityText(3)).toBe("Near-identical photo (3 bits apart)");
    expect(similarityText(9)).toBe("Similar photo (9 bits apart)");
  });

  it("names post states", () => {
    expect(postStatusLabel("HIDDEN")).toBe("Hidden");
    expect(postStatusLabel("REJECTED")).toBe("Photos refused");
  });

  it("turns unknown API values into words", () => {
    expect(humanise("TERMS_VIOLATION")).toBe("Terms violation");
    expect(humanise("")).toBe("");
  });
});

describe("money words", () => {
  it("says why a commission is held and where it stands", () => {
    expect(holdReasonLabel("SELF_PURCHASE")).toBe("Self-purchase");
    expect(holdReasonLabel("FLAGGED_SOURCE")).toBe("Flagged traffic");
    expect(holdReasonLabel(null)).toBe("Held");
    expect(holdReasonExplanation("SELF_PURCHASE")).toMatch(/buyer is the influencer/);
    expect(holdReasonExplanation(null)).toBeNull();
    expect(holdStateLabel("ON_HOLD")).toBe("Awaiting review");
    expect(holdStateLabel("PENDING")).toBe("Released");
    expect(holdStateLabel("REJECTED")).toBe("Rejected");
  });

  it("names every adjustment reason", () => {
    expect(ADJUSTMENT_REASONS.map(adjustmentReasonLabel)).toEqual(["Fraud", "Duplicate payment", "Terms violation", "Tracking error"]);
  });

  it("reads the amount to take back as negative minor units", () => {
    expect(adjustmentMinor("12.50", "USD")).toBe(-1250);
    expect(adjustmentMinor("-12.5", "USD")).toBe(-1250);
    expect(adjustmentMinor("1,000", "EUR")).toBe(-100000);
    expect(adjustmentMinor("500", "JPY")).toBe(-500);
  });

  it("refuses what is not a positive amount in the currency", () => {
    for (const text of ["", "0", "0.00", "abc", "1.234", "12.5.0"]) expect(adjustmentMinor(text, "USD")).toBeNull();
    expect(adjustmentMinor("5.5", "JPY")).toBeNull();
  });

  it("sums a payout run per currency, largest first, and counts people once", () => {
    const summary = payoutSummary(
      [payout("usr_a", 12000, "USD", 3), payout("usr_a", 4000, "EUR", 1), payout("usr_b", 2550, "USD", 2)],
      "en-US",
    );
    expect(summary).toEqual({ people: 2, total: "$145.50 + €40.00", commissions: 6 });
  });

  it("has no summary for a run that paid nothing", () => {
    expect(payoutSummary([])).toBeNull();
  });

  it("says the payout minimum as money when a run paid nothing", () => {
    expect(nothingPaidText(5000, "USD", "en-US")).toBe(
      "No influencer's approved earnings, less what is taken back, reach the payout minimum of $50.00 yet.",
    );
    expect(nothingPaidText(5000, "EUR", "en-US")).toContain("minimum of €50.00 yet");
    // The demo's currency unless told otherwise.
    expect(nothingPaidText(2500, undefined, "en-US")).toContain("minimum of $25.00 yet");
  });

  it("names a row's influencer, or their account when it is gone", () => {
    expect(influencerName({ id: "usr_lena", displayName: "Lena Style" }, "usr_lena")).toBe("Lena Style");
    expect(influencerName(null, "usr_0123456789abcdef")).toBe("Account abcdef");
  });

  it("makes a new idempotency key each time", () => {
    const a = newRequestId();
    const b = newRequestId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });
});

describe("hold ages", () => {
  it("says how long a commission has waited on hold", () => {
    expect(heldAgeText(0)).toBe("Held today");
    expect(heldAgeText(1)).toBe("Held 1 day");
    expect(heldAgeText(87)).toBe("Held 87 days");
    expect(heldAgeText(null)).toBeNull();
  });
});
