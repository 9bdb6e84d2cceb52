import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { describe, expect, it } from "vitest";

import { AuthProvider } from "../hooks/useAuth";
import { TOKEN_KEY } from "../lib/auth-storage";
import { routes } from "../router";
import { graphqlStub, TEST_TOKEN, viewer, type Answer } from "../test/graphql-stub";

const ANA = {
  __typename: "User",
  id: "usr_01ana",
  handle: "ana.lima",
  displayName: "Ana Lima",
  bio: "Linen and loafers.",
  avatarUrl: null,
  role: "INFLUENCER",
  followerCount: 5,
  followingCount: 2,
  postCount: 1,
  viewerFollows: true,
};

const POSTS = {
  data: {
    user: {
      __typename: "User",
      id: ANA.id,
      posts: {
        __typename: "PostConnection",
        nodes: [
          {
            __typename: "Post",
            id: "post_01a",
            status: "PUBLISHED",
            caption: "Sunday linen",
            likeCount: 3,
            commentCount: 0,
            imageCount: 1,
            images: [{ __typename: "PostImage", blurhash: "L00000fQfQfQ", thumb: "https://cdn.example/t.webp" }],
          },
        ],
        pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: null },
      },
    },
  },
};

function renderAt(path: string, answers: Record<string, Answer>) {
  window.localStorage.setItem(TOKEN_KEY, TEST_TOKEN);
  const stub = graphqlStub({ Me: { data: { me: viewer() } }, UserPosts: POSTS, ...answers });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AuthProvider fetch={stub.fetch}>
      <RouterProvider router={router} />
    </AuthProvider>,
  );
  return { router, sent: stub.sent };
}

describe("a person's profile", () => {
  it("moves an old handle's address to the current one and shows who, counts and the grid", async () => {
    const { router, sent } = renderAt("/u/Ana.Old", { UserProfile: { data: { user: ANA } } });
    expect(await screen.findByRole("heading", { name: "Ana Lima", level: 1 })).toBeTruthy();
    expect(screen.getByText("@ana.lima")).toBeTruthy();
    expect(await screen.findByRole("link", { name: "Ana Lima's post: Sunday linen" })).toBeTruthy();
    expect(router.state.location.pathname).toBe("/u/ana.lima");
    expect(sent.find((r) => r.operationName === "UserProfile")?.variables).toEqual({ handle: "Ana.Old" });
    const following = screen.getByRole("button", { name: "Following Ana Lima" });
    expect(following.getAttribute("aria-pressed")).toBe("true");
  });

  it("unfollows from the server's state and moves the count", async () => {
    renderAt("/u/ana.lima", {
      UserProfile: { data: { user: ANA } },
      Unfollow: { data: { unfollow: { following: false, followerCount: 4, errors: [] } } },
    });
    const button = await screen.findByRole("button", { name: "Following Ana Lima" });
    await userEvent.setup().click(button);
    expect(await screen.findByRole("button", { name: "Follow Ana Lima" })).toBeTruthy();
    const counts = screen.getByRole("link", { name: "4 followers" });
    expect(within(counts).getByText("4")).toBeTruthy();
  });

  it("says so when nobody has the handle", async () => {
    renderAt("/u/nobody.here", { UserProfile: { data: { user: null } } });
    expect(await screen.findByText("No one here")).toBeTruthy();
  });
});
