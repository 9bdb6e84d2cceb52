/** Words and choices for campaign deliverables: status labels, the review filter, which campaigns a post can be for. */
import type { CommissionRule, MembershipWithCampaign } from "./graphql/commerce";
import type { CaptionDiffPart, DeliverableChanges } from "./graphql/creators";
import type { Deliverable, DeliverableStatus } from "./graphql/posts";
import { formatAmount } from "./money";

export const DELIVERABLE_STATUSES = ["SUBMITTED", "APPROVED", "REJECTED"] as const satisfies readonly DeliverableStatus[];

const LABELS: Record<DeliverableStatus, string> = {
  SUBMITTED: "Submitted",
  APPROVED: "Approved",
  REJECTED: "Rejected",
};

export function deliverableLabel(status: DeliverableStatus): string {
  return LABELS[status];
}

export type DeliverableFilter = DeliverableStatus | "ALL";

/** The brand's review filter, waiting posts first (what needs doing). */
export const DELIVERABLE_FILTERS: readonly { value: DeliverableFilter; label: string }[] = [
  { value: "SUBMITTED", label: "Submitted" },
  { value: "APPROVED", label: "Approved" },
  { value: "REJECTED", label: "Rejected" },
  { value: "ALL", label: "All" },
];

/** The `status` argument for a filter: null asks for every status. */
export function filterStatus(filter: DeliverableFilter): DeliverableStatus | null {
  return filter === "ALL" ? null : filter;
}

/**
 * What the fee line of a deliverable says, for FIXED_FEE campaigns only (null otherwise), to
 * the brand reviewing it or to the creator who made it.
 */
export function feeNote(rule: CommissionRule, deliverable: Pick<Deliverable, "status" | "fee">, reader: "brand" | "creator" = "brand"): string | null {
  if (rule.kind !== "FIXED_FEE") return null;
  const fee = rule.amount;
  if (deliverable.status === "APPROVED") {
    const paid = deliverable.fee;
    if (!paid) return fee ? `Fee ${formatAmount(fee)}` : null;
    if (paid.amountMinor === 0) return "No fee: the budget was used up";
    if (fee && paid.amountMinor < fee.amountMinor) return `Fee ${formatAmount(paid)} (the budget ran short of ${formatAmount(fee)})`;
    return `Fee ${formatAmount(paid)}`;
  }
  if (!fee) return null;
  if (deliverable.status === "REJECTED") return `Fee on approval ${formatAmount(fee)}`;
  return reader === "brand" ? `Approving pays ${formatAmount(fee)}` : `Pays ${formatAmount(fee)} once approved`;
}

/** One sentence for the post's author about where their deliverable stands. */
export function reviewSentence(deliverable: Pick<Deliverable, "status" | "reason" | "fee"> & { campaign: { name: string } | null }): string {
  const campaign = deliverable.campaign ? `“${deliverable.campaign.name}”` : "the campaign";
  switch (deliverable.status) {
    case "SUBMITTED":
      return `Submitted for ${campaign}: waiting for the brand's review.`;
    case "APPROVED":
      return deliverable.fee && deliverable.fee.amountMinor > 0
        ? `Approved for ${campaign}. Its ${formatAmount(deliverable.fee)} fee is in your pending earnings.`
        : `Approved for ${campaign}.`;
    case "REJECTED":
      return deliverable.reason ? `Sent back from ${campaign}: ${deliverable.reason}` : `Sent back from ${campaign}.`;
  }
}

export interface CampaignChoice {
  id: string;
  name: string;
}

/**
 * The campaigns an influencer can post for now: memberships the brand approved, of campaigns
 * that are running and not past their end. Sorted by name for the select.
 */
export function campaignChoices(memberships: readonly MembershipWithCampaign[], now: Date = new Date()): CampaignChoice[] {
  const seen = new Set<string>();
  const choices: CampaignChoice[] = [];
  for (const m of memberships) {
    const campaign = m.campaign;
    if (m.status !== "APPROVED" || !campaign || campaign.status !== "ACTIVE") continue;
    if (new Date(campaign.endsAt).getTime() <= now.getTime() || seen.has(campaign.id)) continue;
    seen.add(campaign.id);
    choices.push({ id: campaign.id, name: campaign.name });
  }
  return choices.sort((a, b) => a.name.localeCompare(b.name));
}

/** Needs the creator first (sent back), then waiting, then done; newest first within each, as listed. */
const CREATOR_ORDER: Record<DeliverableStatus, number> = { REJECTED: 0, SUBMITTED: 1, APPROVED: 2 };

export function creatorOrder<Post extends { deliverable: Pick<Deliverable, "status"> | null }>(posts: readonly Post[]): Post[] {
  const rank = (post: Post) => (post.deliverable ? CREATOR_ORDER[post.deliverable.status] : 3);
  return posts
    .map((post, index) => ({ post, index }))
    .sort((a, b) => rank(a.post) - rank(b.post) || a.index - b.index)
    .map(({ post }) => post);
}

/** "1 sent back · 2 waiting · 5 approved" — the statuses present, in the creator's order. */
export function statusSummary(posts: readonly { deliverable: Pick<Deliverable, "status"> | null }[]): string {
  const counts: Record<DeliverableStatus, number> = { REJECTED: 0, SUBMITTED: 0, APPROVED: 0 };
  for (const post of posts) if (post.deliverable) counts[post.deliverable.status] += 1;
  const words: Record<DeliverableStatus, string> = { REJECTED: "sent back", SUBMITTED: "waiting", APPROVED: "approved" };
  return (["REJECTED", "SUBMITTED", "APPROVED"] as const)
    .filter((status) => counts[status] > 0)
    .map((status) => `${counts[status]} ${words[status]}`)
    .join(" · ");
}

/** "1st", "2nd", "3rd", "11th", "22nd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

/** "2nd submission": which time the creator is sending the post in. */
export function submissionLabel(n: number): string {
  return `${ordinal(Math.max(1, Math.trunc(n)))} submission`;
}

type ChangeCounts = Pick<DeliverableChanges, "wordsAdded" | "wordsRemoved" | "hashtagsAdded" | "hashtagsRemoved" | "unchanged"> & {
  productsAdded: readonly unknown[];
  productsRemoved: readonly unknown[];
};

function count(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One line about what changed since the post was sent back: "3 words added, 1 removed · 1 product tagged". */
export function changeSummary(changes: ChangeCounts): string {
  if (changes.unchanged) return "Nothing changed since it was sent back.";
  const parts: string[] = [];
  const { wordsAdded: added, wordsRemoved: removed } = changes;
  if (added && removed) parts.push(`${count(added, "word")} added, ${removed} removed`);
  else if (added) parts.push(`${count(added, "word")} added`);
  else if (removed) parts.push(`${count(removed, "word")} removed`);
  const hashtags = changes.hashtagsAdded.length + changes.hashtagsRemoved.length;
  if (hashtags > 0) parts.push(`${count(hashtags, "hashtag")} changed`);
  if (changes.productsAdded.length > 0) parts.push(`${count(changes.productsAdded.length, "product")} tagged`);
  if (changes.productsRemoved.length > 0) parts.push(`${count(changes.productsRemoved.length, "product")} untagged`);
  return parts.length > 0 ? parts.join(" · ") : "Only spacing changed.";
}

export interface DiffSegment {
  kind: CaptionDiffPart["kind"];
  text: string;
  /** Read out before an added or removed run ("added", "removed"); null for kept text. */
  label: string | null;
}

/**
 * The caption diff as the review shows it: added and removed runs as they are, and long kept
 * runs shortened in the middle (the first and last `context` words stay) so the changes stand out.
 */
export function diffSegments(parts: readonly CaptionDiffPart[], context = 8): DiffSegment[] {
  return parts.map((part, index) => {
    if (part.kind !== "SAME") return { kind: part.kind, text: part.text, label: part.kind === "ADDED" ? "added" : "removed" };
    const words = part.text.split(/(?<=\s)(?=\S)/);
    const keepHead = index > 0 ? context : 0; // words after the previous change
    const keepTail = index < parts.length - 1 ? context : 0; // words before the next change
    if (words.length <= keepHead + keepTail + 1 || parts.length === 1) return { kind: part.kind, text: part.text, label: null };
    const text = words.slice(0, keepHead).join("") + "… " + words.slice(words.length - keepTail).join("");
    return { kind: part.kind, text, label: null };
  });
}
