/** Words for campaign facts: the commission rule, the dates, how much budget is left. */
import type { CommissionRule } from "./graphql/commerce";
import { formatBasisPoints, formatMoney } from "./money";

export function describeRule(rule: CommissionRule): string {
  switch (rule.kind) {
    case "PERCENT":
      return `${formatBasisPoints(rule.basisPoints ?? 0)} of each sale`;
    case "FLAT":
      return rule.amount ? `${formatMoney(rule.amount.amountMinor, rule.amount.currency)} per order` : "Flat per order";
    case "FIXED_FEE":
      return rule.amount ? `${formatMoney(rule.amount.amountMinor, rule.amount.currency)} per approved post` : "Fixed fee per post";
  }
}

/** Share of the budget spent, 0–1 (1 when the budget is zero). */
export function budgetUsed(spentMinor: number, budgetMinor: number): number {
  if (budgetMinor <= 0) return 1;
  return Math.min(1, Math.max(0, spentMinor / budgetMinor));
}

/** "Ends in 12 days", "Ends today", "Ended" — from now, in whole days. */
export function endsIn(endsAt: string, now: Date = new Date()): string {
  const ms = new Date(endsAt).getTime() - now.getTime();
  if (Number.isNaN(ms)) return "";
  if (ms <= 0) return "Ended";
  const days = Math.floor(ms / 86_400_000);
  if (days === 0) return "Ends today";
  return days === 1 ? "Ends tomorrow" : `Ends in ${days} days`;
}

/** A datetime-local input's value ("2026-06-01T09:00") → ISO with the browser's offset. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A Date → the value a datetime-local input shows, in local time, to the minute. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An engagement rate (0.042) as "4.2%", or "—" when there is none. */
export function formatEngagement(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  const percent = rate * 100;
  return `${percent >= 10 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

/** A return on ad spend (revenue per unit paid) as "10.0×", or "—" when there is none. */
export function formatRoas(roas: number | null | undefined): string {
  if (roas === null || roas === undefined || !Number.isFinite(roas)) return "—";
  return `${roas >= 100 ? roas.toFixed(0) : roas.toFixed(1)}×`;
}

type InviteStatus = "APPLIED" | "INVITED" | "APPROVED" | "DECLINED";

export interface InviteOption {
  id: string;
  name: string;
  /** Whether the invite button is live: only when the creator has no place in it yet, or applied (inviting approves them). */
  canInvite: boolean;
  /** What the button or badge says. */
  label: string;
}

const INVITE_LABELS: Record<InviteStatus, string> = {
  APPLIED: "Applied: invite to approve",
  INVITED: "Invited",
  APPROVED: "In the campaign",
  DECLINED: "Declined",
};

/** The brand's campaigns a creator can be invited to (drafts and running ones), each with where the creator stands. */
export function inviteOptions(
  campaigns: readonly { id: string; name: string; status: string; membershipOf: { status: InviteStatus } | null }[],
): InviteOption[] {
  return campaigns
    .filter((c) => c.status === "DRAFT" || c.status === "ACTIVE")
    .map((c) => {
      const status = c.membershipOf?.status ?? null;
      return {
        id: c.id,
        name: c.name,
        canInvite: status === null || status === "APPLIED",
        label: status === null ? "Invite" : INVITE_LABELS[status],
      };
    });
}
