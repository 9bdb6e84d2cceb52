import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { describe, expect, it } from "vitest";

import { AuthProvider } from "../hooks/useAuth";
import { TOKEN_KEY } from "../lib/auth-storage";
import { routes } from "../router";
import { graphqlStub, TEST_TOKEN, viewer, type Answer } from "../test/graphql-stub";


function renderApp(path: string, answers: Record<string, Answer>, token: string | null = TEST_TOKEN) {
  if (token) window.localStorage.setItem(TOKEN_KEY, token);
  const stub = graphqlStub(answers);
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AuthProvider fetch={stub.fetch}>
      <RouterProvider router={router} />
    </AuthProvider>,
  );
  return { router, sent: stub.sent };
}

describe("the signed-in shell", () => {
  it("sends a visitor to the login page, remembering where they were going", async () => {
    const { router, sent } = renderApp("/earnings", {}, null);
    expect(await screen.findByRole("heading", { name: "Welcome back" })).toBeTruthy();
    expect(router.state.location.pathname).toBe("/login");
    expect(router.state.location.search).toBe("?next=%2Fearnings");
    expect(sent).toEqual([]);
  });

  it("opens a shopper's home with their name, role and navigation", async () => {
    const { router, sent } = renderApp("/", { Me: { data: { me: viewer() } } });
    expect(await screen.findByRole("heading", { name: "Your feed" })).toBeTruthy();
    expect(router.state.location.pathname).toBe("/feed");
    const banner = screen.getByRole("banner");
    expect(within(banner).getByText("Mia Chen")).toBeTruthy();
    expect(within(banner).getByText("Shopper")).toBeTruthy();
    const nav = screen.getByRole("navigation", { name: "Main" });
    const links = within(nav).getAllByRole("link").map((link) => link.textContent);
    expect(links).toEqual(["Feed", "Explore", "Post", "Saved", "Profile"]);
    expect(sent[0]?.authorization).toBe(`Bearer ${TEST_TOKEN}`);
  });

  it("signs out with a notice when the server refuses the stored token", async () => {
    renderApp("/feed", {
      Me: {
        data: { me: null },
        errors: [
          {
            message: "Your session has expired. Log in again.",
            path: ["me"],
            extensions: { code: "UNAUTHENTICATED", field: null },
          },
        ],
      },
    });
    expect(await screen.findByRole("heading", { name: "Welcome back" })).toBeTruthy();
    expect(screen.getByText("Your session has expired. Log in again.")).toBeTruthy();
    expect(window.localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it("logs in again after the server refused the stored token", async () => {
    // Until the log-in, the server refuses the stored token (logged out from another browser).
    let refused = true;
    const { router, sent } = renderApp("/feed", {
      Me: () =>
        refused
          ? {
              data: { me: null },
              errors: [
                {
                  message: "You were logged out; log in again.",
                  path: ["me"],
                  extensions: { code: "UNAUTHENTICATED", field: null },
                },
              ],
            }
          : { data: { me: viewer() } },
      LogIn: () => {
        refused = false;
        return { data: { logIn: { token: "new.token.here", user: viewer(), errors: [] } } };
      },
    });
    expect(await screen.findByText("You were logged out; log in again.")).toBeTruthy();
    const user = userEvent.setup();
    await user.click(screen.getByLabelText("Email"));
    await user.paste("shopper@demo.trendloop.dev");
    await user.click(screen.getByLabelText("Password", { selector: "input" }));
    await user.paste("the-new-password");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    // The refused answer from before is not taken for the new session's.
    expect(await screen.findByRole("heading", { name: "Your feed" })).toBeTruthy();
    expect(router.state.location.pathname).toBe("/feed");
    expect(window.localStorage.getItem(TOKEN_KEY)).toBe("new.token.here");
    expect(sent.at(-1)?.authorization).toBe("Bearer new.token.here");
  });

  it("keeps a role out of another role's page", async () => {
    renderApp("/reports", { Me: { data: { me: viewer({ role: "INFLUENCER" }) } } });
    expect(await screen.findByRole("heading", { name: "Not available for your account" })).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Attribution reports" })).toBeNull();
  });

  it("shows a designed error, not a blank page, when the account cannot be loaded", async () => {
    renderApp("/feed", {
      Me: { data: null, errors: [{ message: "Unexpected error.", extensions: { code: "INTERNAL" } }] },
    });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("We couldn't open your workspace");
    expect(within(alert).getByRole("button", { name: "Try again" })).toBeTruthy();
  });

  it("logs out: forgets the token and returns to the login page", async () => {
    const { router } = renderApp("/feed", { Me: { data: { me: viewer() } } });
    await screen.findByRole("heading", { name: "Your feed" });
    const banner = screen.getByRole("banner");
    await userEvent.setup().click(within(banner).getByRole("button", { name: "Log out" }));
    expect(await screen.findByRole("heading", { name: "Welcome back" })).toBeTruthy();
    expect(router.state.location.pathname).toBe("/login");
    // The next person to log in starts at their own home, not the page left behind.
    expect(router.state.location.search).toBe("");
    expect(window.localStorage.getItem(TOKEN_KEY)).toBeNull();
  });
});
