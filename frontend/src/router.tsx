import type { ComponentType } from "react";
import { createBrowserRouter, Outlet, type RouteObject } from "react-router";

import { FullPageStatus } from "./components/Feedback/FullPageStatus";
import { PAGES, PRODUCT_PAGES, type PageId } from "./lib/navigation";
import { AdminUsersPage } from "./routes/AdminUsersPage";
import { HomeRedirect } from "./routes/HomeRedirect";
import { LogInPage } from "./routes/LogInPage";
import { NotFoundPage } from "./routes/NotFoundPage";
import { ProfilePage } from "./routes/ProfilePage";
import { RequireAuth } from "./routes/RequireAuth";
import { RoleGate } from "./routes/RoleGate";
import { SignUpPage } from "./routes/SignUpPage";

// Saved is in the shoppers' navigation but routed for every role (anyone may save a look).
type RolePage = Exclude<PageId, "users" | "saved">;

/**
 * A page whose code loads when it is first opened: a shopper's phone never downloads the
 * dashboards' charting code, and a brand never downloads the composer.
 */
function page<Module>(load: () => Promise<Module>, pick: (module: Module) => ComponentType): Pick<RouteObject, "lazy"> {
  return { lazy: async () => ({ Component: pick(await load()) }) };
}

// The page behind each entry of the navigation.
const PAGE_ROUTES: Record<RolePage, Pick<RouteObject, "lazy">> = {
  feed: page(() => import("./routes/FeedPage"), (m) => m.FeedPage),
  explore: page(() => import("./routes/ExplorePage"), (m) => m.ExplorePage),
  compose: page(() => import("./routes/ComposePage"), (m) => m.ComposePage),
  earnings: page(() => import("./routes/EarningsPage"), (m) => m.EarningsPage),
  campaigns: page(() => import("./routes/CampaignsPage"), (m) => m.CampaignsPage),
  links: page(() => import("./routes/LinksPage"), (m) => m.LinksPage),
  trends: page(() => import("./routes/TrendsPage"), (m) => m.TrendsPage),
  testDrops: page(() => import("./routes/TestDropsPage"), (m) => m.TestDropsPage),
  products: page(() => import("./routes/ProductsPage"), (m) => m.ProductsPage),
  brandCampaigns: page(() => import("./routes/BrandCampaignsPage"), (m) => m.BrandCampaignsPage),
  reports: page(() => import("./routes/ReportsPage"), (m) => m.ReportsPage),
  moderation: page(() => import("./routes/AdminModerationPage"), (m) => m.AdminModerationPage),
  money: page(() => import("./routes/AdminMoneyPage"), (m) => m.AdminMoneyPage),
  suppliers: page(() => import("./routes/SuppliersPage"), (m) => m.SuppliersPage),
  supplierOrders: page(() => import("./routes/SupplierOrdersPage"), (m) => m.SupplierOrdersPage),
  supplierPayments: page(() => import("./routes/SupplierPaymentsPage"), (m) => m.SupplierPaymentsPage),
  supplierGrade: page(() => import("./routes/SupplierGradePage"), (m) => m.SupplierGradePage),
};

// Pages below a navigation entry (its path is their prefix, so the role guard covers them).
const SUB_PAGES: RouteObject[] = [
  { path: `${PAGES.feed.path}/posts/:id`, ...page(() => import("./routes/PostPage"), (m) => m.PostPage) },
  {
    path: `${PAGES.brandCampaigns.path}/:id`,
    ...page(() => import("./routes/BrandCampaignsPage"), (m) => m.BrandCampaignPage),
  },
  { path: `${PAGES.trends.path}/:kind/:slug`, ...page(() => import("./routes/TrendsPage"), (m) => m.ElementPage) },
  { path: `${PAGES.explore.path}/tags/:tag`, ...page(() => import("./routes/HashtagPage"), (m) => m.HashtagPage) },
  {
    path: `${PAGES.explore.path}/elements/:kind/:slug`,
    ...page(() => import("./routes/ElementLooksPage"), (m) => m.ElementLooksPage),
  },
];

const APP_ROUTES: RouteObject[] = [
  { path: "/login", element: <LogInPage /> },
  { path: "/signup", element: <SignUpPage /> },
  // A shared look: open to anyone, signed in or not.
  { path: "/p/:id", ...page(() => import("./routes/PublicPostPage"), (m) => m.PublicPostPage) },
  {
    element: <RequireAuth />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: "/profile", element: <ProfilePage /> },
      // The viewer's saved looks and collections, and one collection (any role may save).
      { path: PAGES.saved.path, ...page(() => import("./routes/SavedPage"), (m) => m.SavedPage) },
      { path: "/collections/:id", ...page(() => import("./routes/CollectionPage"), (m) => m.CollectionPage) },
      // Anyone's profile, for every role (so outside the role guard).
      { path: "/u/:handle/:list?", ...page(() => import("./routes/UserPage"), (m) => m.UserPage) },
      // A product's page and its looks, for every role (tags on any post lead here).
      { path: `${PRODUCT_PAGES}/:productId`, ...page(() => import("./routes/ProductLooksPage"), (m) => m.ProductLooksPage) },
      {
        element: (
          <RoleGate>
            <Outlet />
          </RoleGate>
        ),
        children: [
          ...(Object.keys(PAGE_ROUTES) as RolePage[]).map((id) => ({
            path: PAGES[id].path,
            ...PAGE_ROUTES[id],
          })),
          ...SUB_PAGES,
          { path: PAGES.users.path, element: <AdminUsersPage /> },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

// While the first page's code loads, the same status the session check shows.
export const routes: RouteObject[] = [
  { element: <Outlet />, hydrateFallbackElement: <FullPageStatus />, children: APP_ROUTES },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
