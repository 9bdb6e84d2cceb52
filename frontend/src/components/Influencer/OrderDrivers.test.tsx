import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";

import { createGraphqlClient } from "../../lib/graphql/client";
import { graphqlStub, TEST_TOKEN, type Answer } from "../../test/graphql-stub";
import { OrderDrivers } from "./OrderDrivers";

const usd = (amountMinor: number) => ({ amountMinor, currency: "USD" });

function metrics(conversions: number, revenueMinor: number, clicks: number) {
  return {
    clicks,
    uniqueVisitors: clicks,
    conversions,
    conversionRate: clicks ? conversions / clicks : null,
    revenue: usd(revenueMinor),
    averageOrderValue: null,
    returnRate: null,
    newCustomers: conversions,
    commission: usd(0),
    spend: usd(0),
    cac: null,
    roas: null,
    cacSaving: null,
  };
}

function report(groupBy: string, pending: boolean, rows: { channelId: string | null; label: string | null; conversions: number; revenue: number; clicks: number }[]) {
  const total = rows.reduce((t, r) => ({ c: t.c + r.conversions, r: t.r + r.revenue, k: t.k + r.clicks }), { c: 0, r: 0, k: 0 });
  return {
    data: {
      attributionReport: {
        model: "LAST_CLICK",
        groupBy,
        campaignId: null,
        currency: "USD",
        from: "2026-06-01",
        to: "2026-06-30",
        totals: metrics(total.c, total.r, total.k),
        computedAt: pending ? null : "2026-06-30T10:00:00Z",
        stale: false,
        pending,
        rows: {
          nodes: pending ? [] : rows.map((r) => ({ ...metrics(r.conversions, r.revenue, r.clicks), channelId: r.channelId, label: r.label })),
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      },
    },
  };
}

function renderDrivers(answers: Record<string, Answer>, currency: string | null = "USD") {
  const stub = graphqlStub(answers);
  render(
    <Provider value={createGraphqlClient({ token: TEST_TOKEN, url: "http://t.test/graphql", fetch: stub.fetch })}>
      <OrderDrivers from="2026-06-01" to="2026-06-30" currency={currency} linkTitles={new Map([["lnk_1", "Boxy tee"]])} />
    </Provider>,
  );
  return stub.sent;
}

describe("OrderDrivers", () => {
  it("says the report is being computed, asks again, then charts revenue per post", async () => {
    let calls = 0;
    const sent = renderDrivers({
      AttributionReport: (variables: Record<string, unknown>) => {
        calls += 1;
        return report(String(variables["groupBy"]), calls === 1, [
          { channelId: "post_1", label: "Linen at noon", conversions: 1, revenue: 4900, clicks: 12 },
          { channelId: "post_2", label: "Gingham picnic", conversions: 3, revenue: 15_000, clicks: 30 },
          { channelId: "post_3", label: "Only looked at", conversions: 0, revenue: 0, clicks: 8 },
        ]);
      },
    });
    const section = await screen.findByRole("region", { name: "What drove your orders" });
    expect(await within(section).findByText(/Computing your report/)).toBeTruthy();
    await userEvent.setup().click(within(section).getByRole("button", { name: "Check now" }));

    const chart = await within(section).findByRole("figure", { name: "Revenue per post" });
    const rows = within(chart).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(["Gingham picnic3$150.00", "Linen at noon1$49.00"]);
    const totals = within(section).getByLabelText("Orders from your posts");
    expect(within(totals).getByText("4")).toBeTruthy();
    expect(within(totals).getByText("$199.00")).toBeTruthy();
    expect(sent[0]?.variables).toMatchObject({ groupBy: "POST", from: "2026-06-01", to: "2026-06-30", currency: "USD" });
  });

  it("switches to links, named by their product, and has words for no orders", async () => {
    const sent = renderDrivers({
      AttributionReport: (variables: Record<string, unknown>) =>
        variables["groupBy"] === "LINK"
          ? report("LINK", false, [
              { channelId: "lnk_1", label: "aB3x", conversions: 2, revenue: 9800, clicks: 20 },
              { channelId: null, label: null, conversions: 1, revenue: 2000, clicks: 0 },
            ])
          : report("POST", false, []),
    });
    const section = await screen.findByRole("region", { name: "What drove your orders" });
    expect(await within(section).findByText("No orders from your posts in this period")).toBeTruthy();
    await userEvent.setup().click(within(section).getByRole("radio", { name: "Links" }));
    const chart = await within(section).findByRole("figure", { name: "Revenue per link" });
    expect(within(chart).getByRole("rowheader", { name: "Boxy tee (/l/aB3x)" })).toBeTruthy();
    expect(within(chart).getByRole("rowheader", { name: "Creator code" })).toBeTruthy();
    await waitFor(() => expect(sent.map((r) => r.variables["groupBy"])).toContain("LINK"));
  });

  it("waits for the page's currency before asking", async () => {
    const sent = renderDrivers({}, null);
    await screen.findByRole("region", { name: "What drove your orders" });
    expect(sent).toEqual([]);
  });
});
