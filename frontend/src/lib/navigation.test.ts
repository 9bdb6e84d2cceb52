import { describe, expect, it } from "vitest";

import { ROLES, type Role } from "./graphql/types";
import { PAGES, canVisit, homePathFor, navFor, pagesFor, postBackLink, rolesFor, safeNextPath } from "./navigation";

const labels = (role: Role) => pagesFor(role).map((item) => item.label);

describe("navigation by role", () => {
  it("gives each role its own pages, in order", () => {
    expect(labels("SHOPPER")).toEqual(["Feed", "Explore", "Post", "Saved"]);
    expect(labels("INFLUENCER")).toEqual(["Earnings", "Campaigns", "Links"]);
    expect(labels("DESIGNER")).toEqual(["Trends", "Test drops", "Suppliers"]);
    expect(labels("BRAND")).toEqual(["Products", "Campaigns", "Reports", "Suppliers"]);
    expect(labels("SUPPLIER")).toEqual(["Orders", "Payments", "Grade"]);
  });

  it("lets every role open Explore's pages, linked from hashtags anywhere", () => {
    for (const role of ROLES) {
      expect(canVisit(role, "/explore/tags/ootd")).toBe(true);
    }
  });

  it("shows a single untitled section to every role but admin", () => {
    for (const role of ROLES.filter((r) => r !== "ADMIN")) {
      const sections = navFor(role);
      expect(sections).toHaveLength(1);
      expect(sections[0]?.title).toBeNull();
    }
  });

  it("gives admins every page, grouped under titled sections", () => {
    const sections = navFor("ADMIN");
    expect(sections.map((s) => s.title)).toEqual(["Shop", "Creators", "Design", "Brand", "Supply", "Admin"]);
    const adminPaths = new Set(pagesFor("ADMIN").map((item) => item.path));
    expect(adminPaths).toEqual(new Set(Object.values(PAGES).map((page) => page.path)));
  });

  it("lists the admin's own pages under Admin: users, moderation, money", () => {
    const admin = navFor("ADMIN").find((s) => s.title === "Admin");
    expect(admin?.items.map((item) => [item.label, item.path])).toEqual([
      ["Users", "/admin/users"],
      ["Moderation", "/admin/moderation"],
      ["Money", "/admin/money"],
    ]);
  });

  it("never links two pages to the same path", () => {
    const paths = Object.values(PAGES).map((page) => page.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it("lands each role on a page it may open", () => {
    expect(homePathFor("SHOPPER")).toBe("/feed");
    expect(homePathFor("INFLUENCER")).toBe("/earnings");
    expect(homePathFor("DESIGNER")).toBe("/trends");
    expect(homePathFor("BRAND")).toBe("/products");
    expect(homePathFor("SUPPLIER")).toBe("/supply/orders");
    expect(homePathFor("ADMIN")).toBe("/admin/users");
    for (const role of ROLES) expect(canVisit(role, homePathFor(role))).toBe(true);
  });
});

describe("canVisit", () => {
  it("lets a role open its pages and what lies below them", () => {
    expect(canVisit("INFLUENCER", "/campaigns")).toBe(true);
    expect(canVisit("INFLUENCER", "/campaigns/cmp_123")).toBe(true);
    expect(canVisit("INFLUENCER", "/campaigns/?tab=open")).toBe(true);
  });

  it("lets influencers post and brands open the posts made for them, without a navigation entry", () => {
    expect(canVisit("INFLUENCER", "/post")).toBe(true);
    expect(canVisit("INFLUENCER", "/feed/posts/post_1")).toBe(true);
    expect(canVisit("BRAND", "/feed/posts/post_1")).toBe(true);
    expect(canVisit("INFLUENCER", "/feed")).toBe(false);
    expect(canVisit("BRAND", "/feed")).toBe(false);
    expect(canVisit("BRAND", "/post")).toBe(false);
    expect(canVisit("DESIGNER", "/feed/posts/post_1")).toBe(false);
    expect(rolesFor("compose")).toEqual(["SHOPPER", "INFLUENCER", "ADMIN"]);
  });

  it("keeps a role out of other roles' pages", () => {
    expect(canVisit("SHOPPER", "/earnings")).toBe(false);
    expect(canVisit("INFLUENCER", "/brand/campaigns")).toBe(false);
    expect(canVisit("BRAND", "/campaigns")).toBe(false);
    expect(canVisit("DESIGNER", "/admin/users")).toBe(false);
  });

  it("keeps the moderation and money pages for admins only", () => {
    for (const role of ROLES.filter((r) => r !== "ADMIN")) {
      expect(canVisit(role, "/admin/moderation")).toBe(false);
      expect(canVisit(role, "/admin/money")).toBe(false);
      expect(pagesFor(role).map((item) => item.id)).not.toContain("money");
    }
    expect(rolesFor("moderation")).toEqual(["ADMIN"]);
    expect(rolesFor("money")).toEqual(["ADMIN"]);
    expect(canVisit("ADMIN", "/admin/money")).toBe(true);
  });

  it("does not confuse a page with one that merely starts with its name", () => {
    expect(canVisit("SHOPPER", "/feedback")).toBe(false);
    expect(canVisit("INFLUENCER", "/linksmith")).toBe(false);
  });

  it("lets everyone open their profile, and admins everything", () => {
    for (const role of ROLES) expect(canVisit(role, "/profile")).toBe(true);
    expect(canVisit("ADMIN", "/earnings")).toBe(true);
    expect(canVisit("ADMIN", "/reports")).toBe(true);
  });

  it("agrees with rolesFor on every page", () => {
    for (const page of Object.values(PAGES)) {
      const allowed = rolesFor(page.id);
      for (const role of ROLES) {
        expect(canVisit(role, page.path)).toBe(allowed.includes(role));
      }
    }
  });
});

describe("safeNextPath", () => {
  it("keeps paths inside the app", () => {
    expect(safeNextPath("/earnings")).toBe("/earnings");
    expect(safeNextPath("/campaigns/1?tab=open")).toBe("/campaigns/1?tab=open");
  });

  it("drops anything that could leave the app or loop back to login", () => {
    for (const value of [null, "", "https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/login", "/login?next=/x", "/signup"]) {
      expect(safeNextPath(value)).toBeNull();
    }
  });
});

describe("postBackLink", () => {
  it("goes back to the page that opened the post when it is inside the app", () => {
    const state = { back: { path: "/brand/campaigns/cmp_1", label: "Campaign" } };
    expect(postBackLink("BRAND", state)).toEqual({ path: "/brand/campaigns/cmp_1", label: "Campaign" });
    expect(postBackLink("BRAND", { back: { path: "https://evil.example", label: "x" } })).toEqual({ path: "/products", label: "Products" });
  });

  it("falls back to the feed, or the home page of roles without one", () => {
    expect(postBackLink("SHOPPER", null)).toEqual({ path: "/feed", label: "Feed" });
    expect(postBackLink("ADMIN", undefined)).toEqual({ path: "/feed", label: "Feed" });
    expect(postBackLink("INFLUENCER", null)).toEqual({ path: "/earnings", label: "Earnings" });
  });
});
