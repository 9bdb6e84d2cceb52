/**
 * What the bell shows: how many are unread, a title per kind, and where a notice leads.
 * Pure, so the wording and the links are tested without rendering.
 */
import type { AppNotification } from "../../lib/graphql/admin";
import type { Role } from "../../lib/graphql/types";
import { canVisit, PAGES, POST_PAGES } from "../../lib/navigation";

/** How many notices the panel lists: one small page, newest first. */
export const BELL_PAGE = 20;
/** The badge's count is asked again at most this often (and only while the tab is visible). */
export const BELL_REFRESH_MS = 60_000;
/** Above this the badge says "99+" (the bell's name still gives the whole count). */
export const BADGE_MAX = 99;

const KIND_TITLES: Record<string, string> = {
  BUDGET_EXHAUSTED: "Campaign budget spent",
  CAMPAIGN_INVITATION: "Campaign invitation",
  DELIVERABLE_APPROVED: "Post approved",
  DELIVERABLE_REJECTED: "Post sent back",
  DELIVERABLE_SUBMITTED: "Post submitted",
  SOLD_OUT_SOON: "Selling out soon",
  POST_LIKED: "Likes",
  POST_COMMENTED: "Comments",
  NEW_FOLLOWER: "New followers",
  MENTIONED: "Mentioned you",
};

/** Notices about what people did (grouped by the API: "Ana and 12 others liked your look"). */
export const SOCIAL_KINDS = ["POST_LIKED", "POST_COMMENTED", "NEW_FOLLOWER", "MENTIONED"] as const;
export type SocialKind = (typeof SOCIAL_KINDS)[number];

export const SOCIAL_KIND_LABELS: Record<SocialKind, string> = {
  POST_LIKED: "Likes on your looks",
  POST_COMMENTED: "Comments on your looks",
  NEW_FOLLOWER: "New followers",
  MENTIONED: "Mentions",
};

/** What an empty inbox promises, in the words of what this role receives. */
export function emptyInboxText(role: Role): string {
  switch (role) {
    case "SHOPPER":
      return "Nothing yet. Likes, comments and new followers show up here.";
    case "INFLUENCER":
      return "Nothing yet. Likes, comments, new followers, campaign invitations and post reviews show up here.";
    case "BRAND":
      return "Nothing yet. Budget alerts and posts submitted for review show up here.";
    case "DESIGNER":
      return "Nothing yet. Test-drop news shows up here.";
    default:
      return "Nothing yet. Budget alerts, post reviews and test-drop news show up here.";
  }
}

/** A title for a notice's kind; an unknown kind still reads ("NEW_THING" → "New thing"). */
export function notificationTitle(kind: string): string {
  const known = KIND_TITLES[kind];
  if (known) return known;
  const words = kind.toLowerCase().replace(/_/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : "Notice";
}

export interface UnreadCount {
  count: number;
  /** The badge: "" for none, "99+" above BADGE_MAX. */
  badge: string;
}

/** The API's count of every unread notice (`unreadNotificationCount`), for the badge. */
export function unreadCount(count: number): UnreadCount {
  const whole = Math.max(0, Math.trunc(count));
  if (whole === 0) return { count: 0, badge: "" };
  return { count: whole, badge: whole > BADGE_MAX ? `${BADGE_MAX}+` : String(whole) };
}

/** The bell's name for screen readers: "Notifications, 3 unread". */
export function bellLabel(unread: UnreadCount): string {
  return unread.count === 0 ? "Notifications" : `Notifications, ${unread.count} unread`;
}

/** The page a notice is about, when the viewer may open it; null when it only informs. */
export function notificationTarget(role: Role, notification: AppNotification): string | null {
  let path: string | null = null;
  if (notification.kind === "BUDGET_EXHAUSTED" && notification.campaignId) {
    path = `${PAGES.brandCampaigns.path}/${notification.campaignId}`;
  } else if (notification.kind === "CAMPAIGN_INVITATION") {
    path = PAGES.campaigns.path; // where the invitation is accepted or declined
  } else if (notification.kind.startsWith("DELIVERABLE_")) {
    // A brand reviews on the campaign's page; the influencer opens the post itself (to see
    // it approved, or to fix and submit it again), or their campaigns when it names none.
    if (role === "BRAND") path = notification.campaignId ? `${PAGES.brandCampaigns.path}/${notification.campaignId}` : null;
    else path = notification.postId ? `${POST_PAGES}/${notification.postId}` : PAGES.campaigns.path;
  } else if ((SOCIAL_KINDS as readonly string[]).includes(notification.kind)) {
    path = notification.postId ? `${POST_PAGES}/${notification.postId}` : "/profile";
  } else if (notification.testDropId) {
    path = PAGES.testDrops.path;
  }
  return path && canVisit(role, path) ? path : null;
}
