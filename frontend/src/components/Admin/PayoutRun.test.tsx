import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";

import { createGraphqlClient } from "../../lib/graphql/client";
import { graphqlStub, TEST_TOKEN, type Answer } from "../../test/graphql-stub";
import { PayoutRun } from "./PayoutRun";

const paid = {
  __typename: "Payout",
  id: "pay_1",
  influencerId: "usr_lena",
  influencer: { __typename: "User", id: "usr_lena", displayName: "Lena Style" },
  amount: { __typename: "Money", amountMinor: 8000, currency: "USD" },
  commissionCount: 3,
  clawbackCount: 1,
  runId: "run-1",
  createdAt: "2026-06-01T10:00:00Z",
};

function renderRun(answers: Record<string, Answer>) {
  const stub = graphqlStub(answers);
  render(
    <Provider value={createGraphqlClient({ token: TEST_TOKEN, url: "http://t.test/graphql", fetch: stub.fetch })}>
      <PayoutRun />
    </Provider>,
  );
  return stub;
}

async function run() {
  const user = userEvent.setup();
  await user.click(screen.getByRole("button", { name: "Run payouts" }));
  await user.click(screen.getByRole("button", { name: "Yes, pay now" }));
  return screen.findByRole("status", { name: "Payout run result" });
}

describe("PayoutRun", () => {
  it("names each influencer paid from the payout itself", async () => {
    renderRun({
      RunPayouts: { data: { runPayouts: { __typename: "RunPayoutsPayload", payouts: [paid], minimumMinor: 5000, errors: [] } } },
    });
    const result = await run();
    expect(within(result).getByText("Paid $80.00 to 1 influencer for 3 commissions.")).toBeTruthy();
    expect(within(result).getByRole("cell", { name: "Lena Style" })).toBeTruthy();
  });

  it("says the payout minimum as money when nothing was paid", async () => {
    renderRun({
      RunPayouts: { data: { runPayouts: { __typename: "RunPayoutsPayload", payouts: [], minimumMinor: 5000, errors: [] } } },
    });
    const result = await run();
    expect(result.textContent).toBe(
      "Nothing was paid. No influencer's approved earnings, less what is taken back, reach the payout minimum of $50.00 yet.",
    );
  });
});
