import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";

import { createGraphqlClient } from "../../lib/graphql/client";
import type { DropProduct, TestDrop } from "../../lib/graphql/drops";
import { graphqlStub, TEST_TOKEN } from "../../test/graphql-stub";
import { DropBoard } from "./DropBoard";

const usd = (amountMinor: number) => ({ amountMinor, currency: "USD" });

// The typenames are what urql's cache reads to know a placed re-order changes the list.
function product(verdict: "REORDER" | "WATCH"): DropProduct & { __typename: string } {
  return {
    __typename: "DropProduct",
    id: "prd_1",
    sku: "PEP-1",
    title: "Peplum top",
    category: "tops",
    price: usd(4899),
    unitCost: usd(1500),
    launchDate: "2026-06-01",
    verdict: {
      verdict,
      reasons: ["sold 96% of 100 units in 13 days"],
      summary: "",
      suggestedQuantity: 300,
      reorderCost: usd(450_000),
      speedRatio: 2.5,
      daysOfCover: 1,
      forecast: { dailyRate: 7, leadTimeDays: 14, coverageDays: 30 },
    },
    series: [],
    sellThrough: 0.96,
    stockOnHand: 4,
    unitsReceived: 100,
    unitsOnOrder: 0,
    unitsSold: 96,
    netUnitsSold: 96,
    returnRate: 0.02,
    daysOnSale: 13,
    clicks: 0,
    posts: 0,
  };
}

function drops(nodes: TestDrop[]) {
  return { data: { testDrops: { __typename: "TestDropConnection", nodes, pageInfo: { hasNextPage: false, endCursor: null } } } };
}

const drop = (verdict: "REORDER" | "WATCH"): TestDrop & { __typename: string } => ({
  __typename: "TestDrop",
  id: "drop_1",
  name: "Peplum capsule",
  markets: ["US"],
  launchDate: "2026-06-01",
  verdicts: [verdict],
  daysOfCover: 1,
  computedAt: null,
  createdAt: "2026-06-01T00:00:00Z",
  products: [product(verdict)],
  elements: [],
});

describe("DropBoard", () => {
  it("confirms a re-order even when the product then leaves the list filtered by verdict", async () => {
    let placed = false;
    const stub = graphqlStub({
      // Once re-ordered, the product is judged again and is no longer a re-order.
      TestDrops: (variables: Record<string, unknown>) => {
        const filter = variables["filter"] as { verdict?: string | null } | null;
        if (filter?.verdict === "REORDER") return drops(placed ? [] : [drop("REORDER")]);
        return drops([drop(placed ? "WATCH" : "REORDER")]);
      },
      PlaceReorder: () => {
        placed = true;
        return { data: { placeReorder: { product: { ...product("REORDER"), unitsOnOrder: 300 }, errors: [] } } };
      },
    });
    render(
      <Provider value={createGraphqlClient({ token: TEST_TOKEN, url: "http://t.test/graphql", fetch: stub.fetch })}>
        <MemoryRouter>
          <DropBoard />
        </MemoryRouter>
      </Provider>,
    );
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: "Peplum capsule" });
    await user.selectOptions(screen.getByLabelText("Verdict"), "REORDER");
    await user.click(await screen.findByRole("button", { name: "Place re-order" }));
    const status = await screen.findByRole("status");
    expect(status.textContent).toMatch(/Re-order of 300 units of Peplum top placed, due/);
    await waitFor(() => expect(stub.sent.filter((r) => r.operationName === "TestDrops").length).toBeGreaterThan(2));
    // The list, read again, has no re-order left; the confirmation stays.
    expect(await screen.findByText("No drop matches these filters")).toBeTruthy();
    expect(within(screen.getByRole("status")).getByText(/Re-order of 300 units/)).toBeTruthy();
  });
});
