/**
 * What the bell shows: how many are unread, a title per kind, and where a notice leads.
 * Pure, so the wording and the links are tested without rendering.
 */
import type { AppNotification } from "../../lib/graphql/admin";
import type { Role } from "../../lib/graphql/types";
import { canVisit, PAGES } from "../../lib/navigation";

/** How many notices the bell reads: one small page, newest first. */
export const BELL_PAGE = 20;
/** The bell asks again at most this often (and only while the tab is visible). */
export const BELL_REFRESH_MS = 60_000;

const KIND_TITLES: Record<string, string> = {
  BUDGET_EXHAUSTED: "Campaign budget spent",
  DELIVERABLE_APPROVED: "Post approved",
  DELIVERABLE_REJECTED: "Post sent back",
  DELIVERABLE_SUBMITTED: "Post submitted",
  SOLD_OUT_SOON: "Selling out soon",
};

/** A title for a notice's kind; an unknown kind still reads ("NEW_THING" → "New thing"). */
export function notificationTitle(kind: string): string {
  const known = KIND_TITLES[kind];
  if (known) return known;
  const words = kind.toLowerCase().replace(/_/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : "Notice";
}

export interface UnreadCount {
  count: number;
  /** The badge: "" for none, "20+" when the page read is all unread and more exist. */
  badge: string;
}

export function unreadCount(notifications: readonly AppNotification[], hasMore: boolean): UnreadCount {
  const count = notifications.filter((n) => !n.read).length;
  if (count === 0) return { count, badge: "" };
  const capped = hasMore && count === notifications.length;
  return { count, badge: capped ? `${count}+` : String(count) };
}

/** The bell's name for screen readers: "Notifications, 3 unread". */
export function bellLabel(unread: UnreadCount): string {
  return unread.count === 0 ? "Notifications" : `Notifications, ${unread.badge} unread`;
}

/** The page a notice is about, when the viewer may open it; null when it only informs. */
export function notificationTarget(role: Role, notification: AppNotification): string | null {
  let path: string | null = null;
  if (notification.kind === "BUDGET_EXHAUSTED" && notification.campaignId) {
    path = `${PAGES.brandCampaigns.path}/${notification.campaignId}`;
  } else if (notification.kind.startsWith("DELIVERABLE_")) {
    path = role === "BRAND" && notification.campaignId ? `${PAGES.brandCampaigns.path}/${notification.campaignId}` : PAGES.campaigns.path;
  } else if (notification.testDropId) {
    path = PAGES.testDrops.path;
  }
  return path && canVisit(role, path) ? path : null;
}
