/**
 * Which pages each role has, in the order its navigation lists them.
 *
 * The route table, the navigation and the role guard all read this one map, so a page a role
 * cannot open is never linked for it and never rendered for it.
 */
import type { Role } from "./graphql/types";

export type IconName =
  | "home"
  | "plus"
  | "wallet"
  | "megaphone"
  | "link"
  | "trend"
  | "flask"
  | "box"
  | "chart"
  | "users"
  | "user"
  | "shield"
  | "coins"
  | "search"
  | "bookmark";

export type PageId =
  | "feed"
  | "explore"
  | "compose"
  | "saved"
  | "earnings"
  | "campaigns"
  | "links"
  | "trends"
  | "testDrops"
  | "products"
  | "brandCampaigns"
  | "reports"
  | "users"
  | "moderation"
  | "money"
  | "suppliers"
  | "supplierOrders"
  | "supplierPayments"
  | "supplierGrade";

export interface NavItem {
  id: PageId;
  label: string;
  path: string;
  icon: IconName;
}

export interface NavSection {
  id: string;
  /** Shown only when one account sees several roles' pages (admins). */
  title: string | null;
  items: NavItem[];
}

export const PAGES: Record<PageId, NavItem> = {
  feed: { id: "feed", label: "Feed", path: "/feed", icon: "home" },
  explore: { id: "explore", label: "Explore", path: "/explore", icon: "search" },
  compose: { id: "compose", label: "Post", path: "/post", icon: "plus" },
  saved: { id: "saved", label: "Saved", path: "/saved", icon: "bookmark" },
  earnings: { id: "earnings", label: "Earnings", path: "/earnings", icon: "wallet" },
  campaigns: { id: "campaigns", label: "Campaigns", path: "/campaigns", icon: "megaphone" },
  links: { id: "links", label: "Links", path: "/links", icon: "link" },
  trends: { id: "trends", label: "Trends", path: "/trends", icon: "trend" },
  testDrops: { id: "testDrops", label: "Test drops", path: "/test-drops", icon: "flask" },
  products: { id: "products", label: "Products", path: "/products", icon: "box" },
  brandCampaigns: {
    id: "brandCampaigns",
    label: "Campaigns",
    path: "/brand/campaigns",
    icon: "megaphone",
  },
  reports: { id: "reports", label: "Reports", path: "/reports", icon: "chart" },
  users: { id: "users", label: "Users", path: "/admin/users", icon: "users" },
  moderation: { id: "moderation", label: "Moderation", path: "/admin/moderation", icon: "shield" },
  money: { id: "money", label: "Money", path: "/admin/money", icon: "coins" },
  suppliers: { id: "suppliers", label: "Suppliers", path: "/suppliers", icon: "users" },
  supplierOrders: { id: "supplierOrders", label: "Orders", path: "/supply/orders", icon: "box" },
  supplierPayments: { id: "supplierPayments", label: "Payments", path: "/supply/payments", icon: "wallet" },
  supplierGrade: { id: "supplierGrade", label: "Grade", path: "/supply/grade", icon: "chart" },
};

/** A product's page with its looks: /shop/{productId} (apart from the brand's /products). */
export const PRODUCT_PAGES = "/shop";

/** Paths every signed-in account may open, whatever its role. */
// Explore is in the shoppers' navigation, and open to every role through links (hashtags).
export const COMMON_PATHS: readonly string[] = ["/profile", PRODUCT_PAGES, PAGES.saved.path, "/collections", "/explore"];

/** One post's page (and its comments): /feed/posts/{id}. */
export const POST_PAGES = `${PAGES.feed.path}/posts`;

const ROLE_PAGES: Record<Exclude<Role, "ADMIN">, PageId[]> = {
  SHOPPER: ["feed", "explore", "compose", "saved"],
  INFLUENCER: ["earnings", "campaigns", "links"],
  DESIGNER: ["trends", "testDrops", "suppliers"],
  BRAND: ["products", "brandCampaigns", "reports", "suppliers"],
  SUPPLIER: ["supplierOrders", "supplierPayments", "supplierGrade"],
};

/**
 * Paths a role reaches through links rather than its navigation: influencers post for their
 * campaigns and open their posts; brands open the posts submitted to their campaigns.
 */
const LINKED_PATHS: Partial<Record<Exclude<Role, "ADMIN">, readonly string[]>> = {
  INFLUENCER: [PAGES.compose.path, POST_PAGES],
  BRAND: [POST_PAGES],
};

const ADMIN_SECTIONS: { id: string; title: string; pages: PageId[] }[] = [
  { id: "shop", title: "Shop", pages: ROLE_PAGES.SHOPPER },
  { id: "creators", title: "Creators", pages: ROLE_PAGES.INFLUENCER },
  { id: "design", title: "Design", pages: ROLE_PAGES.DESIGNER.filter((page) => page !== "suppliers") },
  { id: "brand", title: "Brand", pages: ROLE_PAGES.BRAND },
  { id: "supply", title: "Supply", pages: ROLE_PAGES.SUPPLIER },
  { id: "admin", title: "Admin", pages: ["users", "moderation", "money"] },
];

export function navFor(role: Role): NavSection[] {
  if (role === "ADMIN") {
    return ADMIN_SECTIONS.map(({ id, title, pages }) => ({
      id,
      title,
      items: pages.map((page) => PAGES[page]),
    }));
  }
  return [{ id: role.toLowerCase(), title: null, items: ROLE_PAGES[role].map((p) => PAGES[p]) }];
}

/** Every page a role may open, flattened from its navigation. */
export function pagesFor(role: Role): NavItem[] {
  return navFor(role).flatMap((section) => section.items);
}

/** Where an account lands after logging in: admins on the accounts list, others on the
 * first page of their navigation. */
export function homePathFor(role: Role): string {
  if (role === "ADMIN") return PAGES.users.path;
  const first = pagesFor(role)[0];
  return first ? first.path : "/profile";
}

function normalise(path: string): string {
  const bare = path.split(/[?#]/)[0] ?? "/";
  return bare.length > 1 ? bare.replace(/\/+$/, "") : bare;
}

/** Whether `role` may open `path` (a page or anything below it, e.g. /campaigns/123). */
export function canVisit(role: Role, path: string): boolean {
  if (role === "ADMIN") return true;
  const target = normalise(path);
  const allowed = [...COMMON_PATHS, ...(LINKED_PATHS[role] ?? []), ...pagesFor(role).map((item) => item.path)];
  return allowed.some((base) => target === base || target.startsWith(`${base}/`));
}

/** Which roles may open a page: its own role(s), those linked to it (every role for the
 * common paths), and admins. */
export function rolesFor(page: PageId): Role[] {
  const path = PAGES[page].path;
  const owners = (Object.keys(ROLE_PAGES) as Exclude<Role, "ADMIN">[]).filter(
    (role) =>
      ROLE_PAGES[role].includes(page) || (LINKED_PATHS[role] ?? []).includes(path) || COMMON_PATHS.includes(path),
  );
  return [...owners, "ADMIN"];
}

/**
 * The `next` parameter of the login page, if it is a path inside this app; anything else
 * (another origin, `//host`, `javascript:`) is dropped so a link cannot bounce people away.
 */
export function safeNextPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return null;
  }
  if (value === "/login" || value.startsWith("/login?") || value.startsWith("/signup")) {
    return null;
  }
  return value;
}

export interface BackLink {
  path: string;
  label: string;
}

/**
 * Where a post page's back link goes: the page that opened it when it said so (a campaign's
 * deliverables), else the feed, else — for roles without a feed — their home page.
 */
export function postBackLink(role: Role, state: unknown): BackLink {
  const back = (state as { back?: Partial<BackLink> } | null)?.back;
  if (back && typeof back.label === "string" && safeNextPath(back.path)) {
    return { path: back.path as string, label: back.label };
  }
  if (canVisit(role, PAGES.feed.path)) return { path: PAGES.feed.path, label: PAGES.feed.label };
  const home = homePathFor(role);
  const page = pagesFor(role).find((item) => item.path === home);
  return { path: home, label: page?.label ?? "Home" };
}
