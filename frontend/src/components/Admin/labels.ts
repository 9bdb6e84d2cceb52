/**
 * Words the admin screens show for API values, and the small sums behind them. Pure, so the
 * wording is tested without rendering.
 */
import type {
  AdjustmentReason,
  CommissionState,
  HoldReason,
  InfluencerRef,
  ModerationDecision,
  PayoutMade,
  ReportTally,
} from "../../lib/graphql/admin";
import type { PostStatus } from "../../lib/graphql/posts";
import { formatMoney, parseMajor } from "../../lib/money";

/** Turns an unknown SHOUTED_VALUE into "Shouted value", so a new API value still reads. */
export function humanise(value: string): string {
  const words = value.toLowerCase().replace(/_/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : value;
}

const REVIEW_REASONS: Record<string, string> = {
  REPORTED: "Reported",
  LIKELY_REPOST: "Likely repost",
};

/** Why a post is in the moderation queue ("REPORTED" → "Reported"). */
export function reviewReasonLabel(reason: string): string {
  return REVIEW_REASONS[reason] ?? humanise(reason);
}

interface DecisionWords {
  /** The button. */
  action: string;
  /** What the button does, for its description. */
  effect: string;
  /** After the fact. */
  done: string;
}

const DECISIONS: Record<ModerationDecision, DecisionWords> = {
  APPROVE: { action: "Approve", effect: "Publish it (again) and close the reports.", done: "Approved" },
  HIDE: { action: "Hide", effect: "Take it out of feeds; its author still sees it.", done: "Hidden" },
  REMOVE: { action: "Remove", effect: "Take it down for good.", done: "Removed" },
};

export function decisionLabel(decision: ModerationDecision): DecisionWords {
  return DECISIONS[decision];
}

const POST_STATUS: Record<PostStatus, string> = {
  PROCESSING: "Processing",
  PUBLISHED: "Published",
  REJECTED: "Photos refused",
  HIDDEN: "Hidden",
  REMOVED: "Removed",
  DELETED: "Deleted",
};

export function postStatusLabel(status: PostStatus): string {
  return POST_STATUS[status] ?? humanise(status);
}

/** "3 open reports", "1 open report", null for none. */
export function reportCountText(count: number): string | null {
  if (count <= 0) return null;
  return `${count} open report${count === 1 ? "" : "s"}`;
}

/** A report weight as shown: two decimals ("0.74"); the API keeps four. */
export function weightText(weight: number): string {
  return weight.toFixed(2);
}

/** "Spam", "Fake product": a report's reason. */
export function reportReasonLabel(reason: string): string {
  return humanise(reason);
}

/** The weighted total against the threshold: "1.47 of 2.00 report weight needed to hide". */
export function tallyWeightText(tally: ReportTally): string {
  return `${weightText(tally.weight)} of ${weightText(tally.hideWeight)} report weight needed to hide`;
}

/** The two quorums: "Reporters with standing: 2 of 3 · Networks: 1 of 3". */
export function tallyQuorumText(tally: ReportTally): string {
  return (
    `Reporters with standing: ${tally.reporters} of ${tally.reportersNeeded} · ` +
    `Networks: ${tally.networks} of ${tally.networksNeeded}`
  );
}

/** Whether the reports alone hide the post, in words. */
export function tallyVerdictText(tally: ReportTally): string {
  if (tally.byAdmin) return "An admin reported it: hidden until decided.";
  if (tally.hides) return "Enough to hide it until decided.";
  return "Not enough to hide it: it stays up until decided.";
}

/**
 * How close a likely repost's photo is to the original, from the perceptual hashes' distance
 * (bits apart out of 64): 0 is the same picture, a handful is a re-save or a crop.
 */
export function similarityText(distance: number): string {
  if (distance <= 0) return "Identical photo";
  if (distance <= 4) return `Near-identical photo (${distance} bits apart)`;
  return `Similar photo (${distance} bits apart)`;
}

const HOLD_REASONS: Record<HoldReason, string> = {
  SELF_PURCHASE: "Self-purchase",
  FLAGGED_SOURCE: "Flagged traffic",
};

const HOLD_EXPLANATIONS: Record<HoldReason, string> = {
  SELF_PURCHASE: "The buyer is the influencer: their customer id or email matches the influencer's own.",
  FLAGGED_SOURCE: "The click behind the order was flagged (a burst of clicks, or a click that does not qualify).",
};

export function holdReasonLabel(reason: HoldReason | null): string {
  return reason ? (HOLD_REASONS[reason] ?? humanise(reason)) : "Held";
}

export function holdReasonExplanation(reason: HoldReason | null): string | null {
  return reason ? (HOLD_EXPLANATIONS[reason] ?? null) : null;
}

const COMMISSION_STATES: Record<CommissionState, string> = {
  ON_HOLD: "Awaiting review",
  PENDING: "Released",
  APPROVED: "Released, approved",
  PAID: "Released, paid",
  REVERSED: "Reversed",
  REJECTED: "Rejected",
};

/** Where a held commission stands, as seen from the hold review. */
export function holdStateLabel(state: CommissionState): string {
  return COMMISSION_STATES[state] ?? humanise(state);
}

const ADJUSTMENT_REASONS: Record<AdjustmentReason, string> = {
  FRAUD: "Fraud",
  DUPLICATE: "Duplicate payment",
  TERMS_VIOLATION: "Terms violation",
  TRACKING_ERROR: "Tracking error",
};

export function adjustmentReasonLabel(reason: AdjustmentReason): string {
  return ADJUSTMENT_REASONS[reason] ?? humanise(reason);
}

/** The currencies of the markets the platform sells in, for the adjustment form. */
export const CURRENCIES = ["USD", "GBP", "EUR", "BRL", "MXN", "SAR"] as const;

/**
 * What an admin types as the amount to take back ("12.50", positive) → the adjustment's
 * negative minor units; null when it is not a positive amount in that currency.
 */
export function adjustmentMinor(text: string, currency: string): number | null {
  const minor = parseMajor(text.replace(/^-/, ""), currency);
  return minor && minor > 0 ? -minor : null;
}

export interface PayoutSummary {
  /** Influencers paid in this run. */
  people: number;
  /** "$120.00 + €40.00", per currency, largest first. */
  total: string;
  commissions: number;
}

/** What a payout run paid, in one line's figures; null when it paid nothing. */
export function payoutSummary(payouts: readonly PayoutMade[], locale?: string): PayoutSummary | null {
  if (payouts.length === 0) return null;
  const byCurrency = new Map<string, number>();
  for (const payout of payouts) {
    byCurrency.set(payout.amount.currency, (byCurrency.get(payout.amount.currency) ?? 0) + payout.amount.amountMinor);
  }
  const total = [...byCurrency.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([currency, minor]) => formatMoney(minor, currency, { locale }))
    .join(" + ");
  return {
    people: new Set(payouts.map((p) => p.influencerId)).size,
    total,
    commissions: payouts.reduce((sum, p) => sum + p.commissionCount, 0),
  };
}

/** The name a commission or payout row shows: the influencer's, or their id (shortened) when the account is gone. */
export function influencerName(influencer: InfluencerRef | null, influencerId: string): string {
  return influencer?.displayName || `Account ${influencerId.slice(-6)}`;
}

/**
 * The currency the payout minimum is told in after a run that paid nothing (no payout names
 * one): the platform's main currency, the one the demo's commissions are in.
 */
export const PAYOUT_MINIMUM_CURRENCY = "USD";

/** Why a payout run paid nothing, with the minimum (minor units, in every currency) as money. */
export function nothingPaidText(minimumMinor: number, currency: string = PAYOUT_MINIMUM_CURRENCY, locale?: string): string {
  const minimum = formatMoney(minimumMinor, currency, { locale });
  return `No influencer's approved earnings, less what is taken back, reach the payout minimum of ${minimum} yet.`;
}

/** A fresh idempotency key: one per opening of a form or per payout run. */
export function newRequestId(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
  // randomUUID exists only in secure contexts (https, localhost); plain http elsewhere falls
  // back to the same 122 random bits.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** How long a commission has waited on hold, for the review queue: "Held today", "Held 87 days". */
export function heldAgeText(days: number | null | undefined): string | null {
  if (days === null || days === undefined) return null;
  if (days <= 0) return "Held today";
  return days === 1 ? "Held 1 day" : `Held ${days} days`;
}

/** A hold older than this many days is shown as overdue: the return window is 45 days. */
export const OVERDUE_HOLD_DAYS = 30;
