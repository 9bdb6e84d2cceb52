import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { describe, expect, it, vi } from "vitest";

import { createGraphqlClient } from "../../lib/graphql/client";
import { graphqlStub, TEST_TOKEN, viewer } from "../../test/graphql-stub";
import { LogInForm } from "./LogInForm";

function renderForm(answer: unknown) {
  const stub = graphqlStub({ LogIn: answer });
  const onSignedIn = vi.fn();
  render(
    <Provider value={createGraphqlClient({ token: null, url: "http://t.test/graphql", fetch: stub.fetch })}>
      <LogInForm onSignedIn={onSignedIn} />
    </Provider>,
  );
  return { onSignedIn, sent: stub.sent };
}

async function submit(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Email"), email);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Log in" }));
}

describe("LogInForm", () => {
  it("shows a field error beside its field and moves focus there", async () => {
    const { onSignedIn } = renderForm({
      data: {
        logIn: {
          token: null,
          user: null,
          errors: [{ field: "email", code: "INVALID", message: "Enter a valid email address." }],
        },
      },
    });
    await submit("not-an-email", "whatever-pass");

    const email = screen.getByLabelText("Email");
    const message = await screen.findByText("Enter a valid email address.");
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect(email.getAttribute("aria-describedby")).toBe(message.closest("p")?.id);
    expect(document.activeElement).toBe(email);
    expect(screen.getByLabelText("Password").hasAttribute("aria-invalid")).toBe(false);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it("shows a wrong password as one message for the whole form", async () => {
    renderForm({
      data: {
        logIn: {
          token: null,
          user: null,
          errors: [{ field: null, code: "INVALID_CREDENTIALS", message: "Email or password is incorrect." }],
        },
      },
    });
    await submit("shopper@demo.trendloop.dev", "wrong-password");

    expect((await screen.findByRole("alert")).textContent).toContain("Email or password is incorrect.");
    expect(screen.getByLabelText("Email").hasAttribute("aria-invalid")).toBe(false);
  });

  it("hands the token over on success, sending what was typed", async () => {
    const { onSignedIn, sent } = renderForm({
      data: { logIn: { token: TEST_TOKEN, user: viewer(), errors: [] } },
    });
    await submit("  shopper@demo.trendloop.dev ", "trendloop-demo");

    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(TEST_TOKEN));
    expect(sent[0]?.variables).toEqual({
      input: { email: "shopper@demo.trendloop.dev", password: "trendloop-demo" },
    });
  });

  it("renders a user-supplied message as text, never as markup", async () => {
    renderForm({
      data: {
        logIn: {
          token: null,
          user: null,
          errors: [{ field: null, code: "X", message: '<img src=x onerror="alert(1)">' }],
        },
      },
    });
    await submit("a@b.co", "whatever-pass");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(alert.querySelector("img")).toBeNull();
  });
});
