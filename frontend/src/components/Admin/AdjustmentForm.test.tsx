import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";

import { createGraphqlClient } from "../../lib/graphql/client";
import { graphqlStub, TEST_TOKEN } from "../../test/graphql-stub";
import { AdjustmentForm } from "./AdjustmentForm";
import type { Influencers } from "./useInfluencers";

const lena = { id: "usr_lena", displayName: "Lena Style", email: "lena@example.com", avatarUrl: null };
const influencers: Influencers = { list: [lena], byId: new Map([[lena.id, lena]]), loading: false, problem: null, retry: () => undefined };

const refused = {
  data: {
    postAdjustment: {
      __typename: "AdjustmentPayload",
      adjustment: null,
      errors: [
        { field: "currency", code: "INVALID_CURRENCY", message: "Use a three-letter currency code." },
        { field: "requestId", code: "INVALID", message: "Give a request id of 1 to 100 characters." },
      ],
    },
  },
};

const posted = (input: { amountMinor: number; currency: string; reason: string }) => ({
  data: {
    postAdjustment: {
      __typename: "AdjustmentPayload",
      adjustment: {
        __typename: "Adjustment",
        id: "adj_1",
        influencerId: lena.id,
        amount: { __typename: "Money", amountMinor: input.amountMinor, currency: input.currency },
        reason: input.reason,
        note: null,
        createdAt: "2026-06-01T10:00:00Z",
      },
      errors: [],
    },
  },
});

function renderForm(answers: Parameters<typeof graphqlStub>[0]) {
  const stub = graphqlStub(answers);
  render(
    <Provider value={createGraphqlClient({ token: TEST_TOKEN, url: "http://t.test/graphql", fetch: stub.fetch })}>
      <AdjustmentForm influencers={influencers} />
    </Provider>,
  );
  return stub;
}

/** The text a control is described by (its error, else its hint). */
function description(element: HTMLElement): string {
  const ids = element.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
}

type Input = { requestId: string; amountMinor: number; currency: string; reason: string; influencerId: string };

describe("AdjustmentForm", () => {
  it("checks the influencer and the amount before sending anything", async () => {
    const user = userEvent.setup();
    const stub = renderForm({});
    await user.click(screen.getByRole("button", { name: "Post adjustment" }));
    expect(description(screen.getByLabelText("Influencer"))).toBe("Choose the influencer.");
    expect(document.activeElement).toBe(screen.getByLabelText("Influencer"));
    expect(screen.getByLabelText("Amount to take back").getAttribute("aria-invalid")).toBe("true");
    expect(stub.sent).toHaveLength(0);
  });

  it("shows the server's errors beside their fields, keeps the request id for a retry, and makes a new one after posting", async () => {
    const user = userEvent.setup();
    let calls = 0;
    const stub = renderForm({
      PostAdjustment: (variables: Record<string, unknown>) => {
        calls += 1;
        const input = variables["input"] as Input;
        return calls === 1 ? refused : posted(input);
      },
    });
    await user.selectOptions(screen.getByLabelText("Influencer"), lena.id);
    await user.type(screen.getByLabelText("Amount to take back"), "12.50");
    await user.selectOptions(screen.getByLabelText("Reason"), "DUPLICATE");
    await user.click(screen.getByRole("button", { name: "Post adjustment" }));

    await waitFor(() => expect(description(screen.getByLabelText("Currency"))).toBe("Use a three-letter currency code."));
    expect(document.activeElement).toBe(screen.getByLabelText("Currency"));
    // An error about a field the form does not show goes above the button.
    expect(screen.getByRole("alert").textContent).toContain("Give a request id of 1 to 100 characters.");

    await user.click(screen.getByRole("button", { name: "Post adjustment" }));
    expect(await screen.findByText(/Posted -\$12\.50 \(duplicate payment\) for Lena Style/)).toBeTruthy();
    const [first, second] = stub.sent.map((s) => s.variables["input"] as Input);
    expect(first).toMatchObject({ influencerId: lena.id, amountMinor: -1250, currency: "USD", reason: "DUPLICATE" });
    expect(second?.requestId).toBe(first?.requestId);
    expect((screen.getByLabelText("Amount to take back") as HTMLInputElement).value).toBe("");

    await user.selectOptions(screen.getByLabelText("Influencer"), lena.id);
    await user.type(screen.getByLabelText("Amount to take back"), "1");
    await user.click(screen.getByRole("button", { name: "Post adjustment" }));
    await waitFor(() => expect(stub.sent).toHaveLength(3));
    expect((stub.sent[2]?.variables["input"] as Input).requestId).not.toBe(first?.requestId);
  });
});
