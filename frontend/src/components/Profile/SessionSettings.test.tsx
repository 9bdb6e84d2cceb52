import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { describe, expect, it } from "vitest";

import { AuthProvider } from "../../hooks/useAuth";
import { TOKEN_KEY } from "../../lib/auth-storage";
import { routes } from "../../router";
import { graphqlStub, TEST_TOKEN, viewer, type Answer } from "../../test/graphql-stub";

const NEW_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3JfMDF0ZXN0Iiwic3YiOjF9.bmV3";

function renderProfile(answers: Record<string, Answer>) {
  window.localStorage.setItem(TOKEN_KEY, TEST_TOKEN);
  const stub = graphqlStub({ Me: { data: { me: viewer() } }, ...answers });
  const router = createMemoryRouter(routes, { initialEntries: ["/profile"] });
  render(
    <AuthProvider fetch={stub.fetch}>
      <RouterProvider router={router} />
    </AuthProvider>,
  );
  return { router, sent: stub.sent };
}

async function fillPasswords(current: string, next: string) {
  const form = await screen.findByRole("form", { name: "Change password" });
  const user = userEvent.setup();
  await user.click(within(form).getByLabelText("Current password"));
  await user.paste(current);
  await user.click(within(form).getByLabelText("New password"));
  await user.paste(next);
  await user.click(within(form).getByRole("button", { name: "Change password" }));
  return form;
}

describe("password and sessions on the profile page", () => {
  it("shows each refusal beside its field", async () => {
    renderProfile({
      ChangePassword: {
        data: {
          changePassword: {
            token: null,
            errors: [
              { field: "currentPassword", code: "INVALID_CREDENTIALS", message: "The current password is incorrect." },
            ],
          },
        },
      },
    });
    const form = await fillPasswords("wrong-one", "a brand new passphrase");
    const current = within(form).getByLabelText("Current password");
    expect(await within(form).findByText("The current password is incorrect.")).toBeTruthy();
    expect(current.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(current);
    expect(window.localStorage.getItem(TOKEN_KEY)).toBe(TEST_TOKEN);
  });

  it("keeps this session on the new token, on the same page", async () => {
    const { router, sent } = renderProfile({
      ChangePassword: { data: { changePassword: { token: NEW_TOKEN, errors: [] } } },
      UpdateProfile: { data: { updateProfile: { user: viewer({ bio: "New bio" }), errors: [] } } },
    });
    const form = await fillPasswords("the old one", "a brand new passphrase");
    expect(await within(form).findByText("Password changed. Your other sessions were logged out.")).toBeTruthy();
    expect(window.localStorage.getItem(TOKEN_KEY)).toBe(NEW_TOKEN);
    expect(router.state.location.pathname).toBe("/profile");
    expect(sent.find((r) => r.operationName === "ChangePassword")?.authorization).toBe(`Bearer ${TEST_TOKEN}`);

    const user = userEvent.setup();
    const profile = screen.getByRole("form", { name: "Edit profile" });
    await user.clear(within(profile).getByLabelText("Bio"));
    await user.click(within(profile).getByLabelText("Bio"));
    await user.paste("New bio");
    await user.click(within(profile).getByRole("button", { name: "Save changes" }));
    expect(await within(profile).findByText("Profile saved.")).toBeTruthy();
    // Every request after the change carries the new token (saving refreshes `me` as well).
    const after = sent.slice(sent.findIndex((r) => r.operationName === "ChangePassword") + 1);
    expect(after.map((r) => r.operationName)).toContain("UpdateProfile");
    expect(new Set(after.map((r) => r.authorization))).toEqual(new Set([`Bearer ${NEW_TOKEN}`]));
  });

  it("logs out everywhere, this browser included, and says so on the login page", async () => {
    const { router } = renderProfile({
      LogOutEverywhere: { data: { logOutEverywhere: { loggedOut: true, errors: [] } } },
    });
    const button = await screen.findByRole("button", { name: "Log out everywhere" });
    await userEvent.setup().click(button);
    expect(await screen.findByRole("heading", { name: "Welcome back" })).toBeTruthy();
    expect(screen.getByText("You logged out everywhere. Log in again to continue.")).toBeTruthy();
    expect(router.state.location.pathname).toBe("/login");
    expect(window.localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it("sends another session to the login page once its token is refused", async () => {
    renderProfile({
      UpdateProfile: {
        data: null,
        errors: [
          {
            message: "You were logged out; log in again.",
            path: ["updateProfile"],
            extensions: { code: "UNAUTHENTICATED", field: null },
          },
        ],
      },
    });
    const profile = await screen.findByRole("form", { name: "Edit profile" });
    const user = userEvent.setup();
    await user.click(within(profile).getByLabelText("Bio"));
    await user.paste("!");
    await user.click(within(profile).getByRole("button", { name: "Save changes" }));
    expect(await screen.findByRole("heading", { name: "Welcome back" })).toBeTruthy();
    expect(screen.getByText("You were logged out; log in again.")).toBeTruthy();
  });
});
