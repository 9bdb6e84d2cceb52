import { createBrowserRouter, Outlet, type RouteObject } from "react-router";

import { PAGES, type PageId } from "./lib/navigation";
import { AdminUsersPage } from "./routes/AdminUsersPage";
import { HomeRedirect } from "./routes/HomeRedirect";
import { LogInPage } from "./routes/LogInPage";
import { NotFoundPage } from "./routes/NotFoundPage";
import { PlaceholderPage } from "./routes/PlaceholderPage";
import { ProfilePage } from "./routes/ProfilePage";
import { RequireAuth } from "./routes/RequireAuth";
import { RoleGate } from "./routes/RoleGate";
import { SignUpPage } from "./routes/SignUpPage";

const PLACEHOLDER_PAGES: Exclude<PageId, "users">[] = [
  "feed",
  "compose",
  "earnings",
  "campaigns",
  "links",
  "trends",
  "testDrops",
  "products",
  "brandCampaigns",
  "reports",
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
          ...PLACEHOLDER_PAGES.map((page) => ({
            path: PAGES[page].path,
            element: <PlaceholderPage key={page} page={page} />,
          })),
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
