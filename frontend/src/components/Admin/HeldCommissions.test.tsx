import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";

import { createGraphqlClient } from "../../lib/graphql/client";
import { graphqlStub, TEST_TOKEN, type Answer } from "../../test/graphql-stub";
import { HeldCommissions } from "./HeldCommissions";

function commission(id: string, state: string, name: string | null, heldDays: number | null = state === "ON_HOLD" ? 3 : null) {
  return {
    __typename: "Commission",
    id,
    influencerId: `usr_${id}`,
    influencer: name ? { __typename: "User", id: `usr_${id}`, displayName: name } : null,
    state,
    amount: { __typename: "Money", amountMinor: 1250, currency: "USD" },
    original: { __typename: "Money", amountMinor: 1250, currency: "USD" },
    holdReason: "SELF_PURCHASE",
    orderId: `ord_${id}`,
    campaignId: null,
    createdAt: "2026-06-01T10:00:00Z",
    heldSince: "2026-06-01T10:00:00Z",
    heldDays,
  };
}

/** The holds behind the stub: `waiting: true` lists only the undecided ones, as the API does. */
function holds() {
  const state = {
    all: [commission("a1", "ON_HOLD", "Lena Style", 87), commission("b2", "ON_HOLD", null, 2), commission("c3", "REJECTED", "Ana Ruiz")],
  };
  const connection = (nodes: unknown[]) => ({
    data: {
      heldCommissions: { __typename: "CommissionConnection", nodes, pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: null } },
    },
  });
  const answers: Record<string, Answer> = {
    HeldCommissions: ({ waiting }: Record<string, unknown>) =>
      connection(waiting ? state.all.filter((c) => c.state === "ON_HOLD") : state.all),
    ReleaseHold: ({ commissionId }: Record<string, unknown>) => {
      state.all = state.all.map((c) => (c.id === commissionId ? { ...c, state: "PENDING" } : c));
      const released = state.all.find((c) => c.id === commissionId);
      return { data: { releaseHold: { __typename: "CommissionPayload", commission: released, errors: [] } } };
    },
  };
  return answers;
}

function renderHeld(answers: Record<string, Answer>) {
  const stub = graphqlStub(answers);
  render(
    <Provider value={createGraphqlClient({ token: TEST_TOKEN, url: "http://t.test/graphql", fetch: stub.fetch })}>
      <HeldCommissions />
    </Provider>,
  );
  return stub;
}

const rowNames = (table: HTMLElement) =>
  within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) => within(row).getAllByRole("cell")[0]?.querySelector("span")?.textContent);

describe("HeldCommissions", () => {
  it("lists the holds waiting for a decision, named by the commission itself", async () => {
    const stub = renderHeld(holds());
    const table = await screen.findByRole("table", { name: "Held commissions awaiting review" });
    // The account of a deleted influencer is still told apart.
    expect(rowNames(table)).toEqual(["Lena Style", "Account usr_b2"]);
    // Each hold says how long it has waited, the longest first as the API sends them.
    expect(within(table).getAllByTestId("held-age").map((e) => e.textContent)).toEqual(["Held 87 days", "Held 2 days"]);
    expect(screen.getByRole("heading", { name: /2 awaiting review/ })).toBeTruthy();
    expect(stub.sent.map((r) => [r.operationName, r.variables["waiting"]])).toEqual([["HeldCommissions", true]]);
  });

  it("drops a released hold from the queue and says who gets it", async () => {
    const user = userEvent.setup();
    const stub = renderHeld(holds());
    const table = await screen.findByRole("table", { name: "Held commissions awaiting review" });
    await user.click(within(table).getByRole("button", { name: "Release $12.50 for Lena Style" }));
    await user.click(within(table).getByRole("button", { name: "Yes, release" }));

    expect(await screen.findByText("Released $12.50 to Lena Style's pending earnings.")).toBeTruthy();
    await waitFor(() => expect(rowNames(screen.getByRole("table"))).toEqual(["Account usr_b2"]));
    expect(document.activeElement).toBe(screen.getByRole("heading", { name: /Held commissions/ }));
    expect(stub.sent.find((r) => r.operationName === "ReleaseHold")?.variables).toEqual({ commissionId: "a1" });
  });

  it("shows the decided ones too when asked, with where they stand", async () => {
    const user = userEvent.setup();
    const stub = renderHeld(holds());
    await screen.findByRole("table", { name: "Held commissions awaiting review" });
    await user.click(screen.getByRole("checkbox", { name: "Show decided" }));

    const table = await screen.findByRole("table", { name: "Held commissions" });
    expect(rowNames(table)).toEqual(["Lena Style", "Account usr_b2", "Ana Ruiz"]);
    const rejected = within(table).getAllByRole("row")[3]!;
    expect(within(rejected).getByText("Rejected")).toBeTruthy();
    expect(within(rejected).queryByRole("button")).toBeNull();
    expect(stub.sent.at(-1)?.variables["waiting"]).toBe(false);
  });

  it("says when nothing waits for a decision", async () => {
    const answers = holds();
    renderHeld({
      ...answers,
      HeldCommissions: {
        data: { heldCommissions: { __typename: "CommissionConnection", nodes: [], pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: null } } },
      },
    });
    expect(await screen.findByText("Nothing to review")).toBeTruthy();
  });
});
