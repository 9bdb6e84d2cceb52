import { createBrowserRouter, Outlet, type RouteObject } from "react-router";

import { PAGES, type PageId } from "./lib/navigation";
import type { ReactNode } from "react";

import { AdminUsersPage } from "./routes/AdminUsersPage";
import { BrandCampaignPage, BrandCampaignsPage } from "./routes/BrandCampaignsPage";
import { CampaignsPage } from "./routes/CampaignsPage";
import { ComposePage } from "./routes/ComposePage";
import { EarningsPage } from "./routes/EarningsPage";
import { FeedPage } from "./routes/FeedPage";
import { HomeRedirect } from "./routes/HomeRedirect";
import { LinksPage } from "./routes/LinksPage";
import { LogInPage } from "./routes/LogInPage";
import { NotFoundPage } from "./routes/NotFoundPage";
import { PlaceholderPage } from "./routes/PlaceholderPage";
import { PostPage } from "./routes/PostPage";
import { ProductsPage } from "./routes/ProductsPage";
import { ReportsPage } from "./routes/ReportsPage";
import { ProfilePage } from "./routes/ProfilePage";
import { RequireAuth } from "./routes/RequireAuth";
import { RoleGate } from "./routes/RoleGate";
import { SignUpPage } from "./routes/SignUpPage";

type RolePage = Exclude<PageId, "users">;

// Each page of the navigation; a page whose API has not landed yet shows its "coming soon" card.
const PAGE_ELEMENTS: Record<RolePage, ReactNode> = {
  feed: <FeedPage />,
  compose: <ComposePage />,
  earnings: <EarningsPage />,
  campaigns: <CampaignsPage />,
  links: <LinksPage />,
  trends: null,
  testDrops: null,
  products: <ProductsPage />,
  brandCampaigns: <BrandCampaignsPage />,
  reports: <ReportsPage />,
};

// Pages below a navigation entry (its path is their prefix, so the role guard covers them).
const SUB_PAGES: RouteObject[] = [
  { path: `${PAGES.feed.path}/posts/:id`, element: <PostPage /> },
  { path: `${PAGES.brandCampaigns.path}/:id`, element: <BrandCampaignPage /> },
];

export const routes: RouteObject[] = [
  { path: "/login", element: <LogInPage /> },
  { path: "/signup", element: <SignUpPage /> },
  {
    element: <RequireAuth />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: "/profile", element: <ProfilePage /> },
      {
        element: (
          <RoleGate>
            <Outlet />
          </RoleGate>
        ),
        children: [
          ...(Object.keys(PAGE_ELEMENTS) as RolePage[]).map((page) => ({
            path: PAGES[page].path,
            element: PAGE_ELEMENTS[page] ?? <PlaceholderPage key={page} page={page} />,
          })),
          ...SUB_PAGES,
          { path: PAGES.users.path, element: <AdminUsersPage /> },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
