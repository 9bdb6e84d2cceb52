import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, Outlet, RouterProvider } from "react-router";
import { describe, expect, it } from "vitest";

import { AuthProvider, useSession } from "../../hooks/useAuth";
import { TOKEN_KEY } from "../../lib/auth-storage";
import { graphqlStub, TEST_TOKEN, viewer, type Answer } from "../../test/graphql-stub";
import { NotificationBell } from "./NotificationBell";

const influencer = viewer({ id: "usr_kol", displayName: "Lena Style", role: "INFLUENCER", email: "influencer@demo.trendloop.dev" });

function notice(id: string, overrides: Record<string, unknown> = {}) {
  return {
    __typename: "Notification",
    id,
    kind: "DELIVERABLE_REJECTED",
    message: "Your post for “Linen Week” needs changes: show the label.",
    createdAt: "2026-06-03T10:00:00Z",
    read: false,
    campaignId: "cmp_1",
    testDropId: null,
    productId: null,
    postId: "pst_1",
    ...overrides,
  };
}

/** The inbox behind the stub: the newest page, and a count of every unread notice. */
function inbox(unread: number) {
  const state = { unread, notices: [notice("ntf_1"), notice("ntf_2", { kind: "DELIVERABLE_APPROVED", postId: "pst_2" })] };
  const answers: Record<string, Answer> = {
    UnreadNotificationCount: () => ({ data: { unreadNotificationCount: state.unread } }),
    MyNotifications: () => ({
      data: {
        myNotifications: {
          __typename: "NotificationConnection",
          nodes: state.notices,
          pageInfo: { __typename: "PageInfo", hasNextPage: true, endCursor: "c2" },
        },
      },
    }),
    MarkNotificationRead: ({ id }: Record<string, unknown>) => {
      state.notices = state.notices.map((n) => (n.id === id ? { ...n, read: true } : n));
      state.unread -= 1;
      return { data: { markNotificationRead: { __typename: "MarkNotificationReadPayload", notification: state.notices.find((n) => n.id === id), errors: [] } } };
    },
    MarkAllNotificationsRead: () => {
      const marked = state.unread;
      state.notices = state.notices.map((n) => ({ ...n, read: true }));
      state.unread = 0;
      return { data: { markAllNotificationsRead: { __typename: "MarkAllNotificationsReadPayload", marked, errors: [] } } };
    },
  };
  return answers;
}

function SignedInBell() {
  return useSession().status === "signed-in" ? <NotificationBell /> : null;
}

function renderBell(answers: Record<string, Answer>) {
  window.localStorage.setItem(TOKEN_KEY, TEST_TOKEN);
  const stub = graphqlStub({ Me: { data: { me: influencer } }, ...answers });
  const router = createMemoryRouter(
    [
      {
        // Like the shell's top bar: the bell stays while the pages change.
        element: (
          <>
            <SignedInBell />
            <Outlet />
          </>
        ),
        children: [
          { path: "/earnings", element: <p>The earnings page</p> },
          { path: "/feed/posts/:id", element: <p>The post page</p> },
        ],
      },
    ],
    { initialEntries: ["/earnings"] },
  );
  render(
    <AuthProvider fetch={stub.fetch}>
      <RouterProvider router={router} />
    </AuthProvider>,
  );
  return { router, sent: stub.sent };
}

const names = (sent: { operationName: string }[]) => sent.map((r) => r.operationName);

describe("NotificationBell", () => {
  it("shows the API's unread count, reads the list only when opened, and opens a review's post", async () => {
    const user = userEvent.setup();
    const { router, sent } = renderBell(inbox(27));
    // 27 unread: more than the panel's page, and the badge says all of them.
    const bell = await screen.findByRole("button", { name: "Notifications, 27 unread" });
    expect(within(bell).getByText("27")).toBeTruthy();
    expect(names(sent)).not.toContain("MyNotifications");

    await user.click(bell);
    const panel = screen.getByRole("region", { name: "Notifications" });
    const sentBack = await within(panel).findByRole("button", { name: /Post sent back/ });
    await user.click(sentBack);

    await waitFor(() => expect(router.state.location.pathname).toBe("/feed/posts/pst_1"));
    expect(await screen.findByText("The post page")).toBeTruthy();
    expect(sent.find((r) => r.operationName === "MarkNotificationRead")?.variables).toEqual({ id: "ntf_1" });
    // The count is asked again once the notice is read.
    expect(await screen.findByRole("button", { name: "Notifications, 26 unread" })).toBeTruthy();
  });

  it("marks every notice read with one request", async () => {
    const user = userEvent.setup();
    const { sent } = renderBell(inbox(27));
    await user.click(await screen.findByRole("button", { name: "Notifications, 27 unread" }));
    const panel = screen.getByRole("region", { name: "Notifications" });
    await within(panel).findByRole("button", { name: /Post approved/ });

    await user.click(within(panel).getByRole("button", { name: "Mark all read" }));
    expect(await screen.findByRole("button", { name: "Notifications" })).toBeTruthy();
    expect(names(sent).filter((name) => name === "MarkAllNotificationsRead")).toHaveLength(1);
    expect(names(sent)).not.toContain("MarkNotificationRead");
    await waitFor(() => expect(within(panel).queryByRole("button", { name: "Mark all read" })).toBeNull());
    expect(within(panel).queryByText("(unread)")).toBeNull();
  });
});
