import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { describe, expect, it, vi } from "vitest";

import { createGraphqlClient } from "../../lib/graphql/client";
import type { PurchaseOrder } from "../../lib/graphql/suppliers";
import { graphqlStub, TEST_TOKEN } from "../../test/graphql-stub";
import { OrderCard } from "./OrderCard";

const usd = (amountMinor: number) => ({ amountMinor, currency: "USD" });

function order(overrides: Partial<PurchaseOrder> = {}): PurchaseOrder & { __typename: string } {
  return {
    __typename: "PurchaseOrder",
    id: "po_1",
    supplierId: "sup_1",
    category: "dresses",
    currency: "USD",
    state: "ISSUED",
    dueDate: "2026-12-14",
    ordered: 60,
    shipped: 0,
    late: false,
    amount: usd(75_000),
    issuedAt: "2026-12-07T00:00:00Z",
    acceptedAt: null,
    declinedAt: null,
    declineReason: null,
    productionStartedAt: null,
    firstShippedAt: null,
    receivedAt: null,
    listedAt: null,
    batchNumber: 1,
    dropId: "drop_1",
    allocationReason: null,
    lines: [{ sku: "SLIP-1", quantity: 60, unitCost: usd(1250), amount: usd(75_000), sizes: [{ size: "S", quantity: 20 }, { size: "M", quantity: 40 }] }],
    shipments: [],
    receipt: null,
    supplier: { id: "sup_1", name: "Canton Atelier", grade: "S" },
    leadTime: { elapsedDays: 1, totalDays: null, targetDays: 7, onTarget: null },
    ...overrides,
  };
}

function renderCard(po: PurchaseOrder, side: "supplier" | "brand", answers: Record<string, unknown>) {
  const stub = graphqlStub(answers);
  const onChanged = vi.fn();
  render(
    <Provider value={createGraphqlClient({ token: TEST_TOKEN, url: "http://t.test/graphql", fetch: stub.fetch })}>
      <OrderCard order={po} side={side} onChanged={onChanged} />
    </Provider>,
  );
  return { stub, onChanged, user: userEvent.setup() };
}

describe("OrderCard", () => {
  it("shows what to make and by when", () => {
    renderCard(order(), "supplier", {});
    expect(screen.getByRole("heading", { name: "SLIP-1 · 60 pcs" })).toBeTruthy();
    expect(screen.getByText("S 20 · M 40")).toBeTruthy();
    expect(screen.getByText("0 / 60")).toBeTruthy();
  });

  it("declines only with a reason, and sends it", async () => {
    const declined = order({ state: "DECLINED", declineReason: "No capacity" });
    const { stub, onChanged, user } = renderCard(order(), "supplier", {
      DeclinePurchaseOrder: { data: { declinePurchaseOrder: { purchaseOrder: declined, errors: [] } } },
    });
    await user.click(screen.getByRole("button", { name: "Decline…" }));
    await user.click(screen.getByRole("button", { name: "Decline order" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/Say why/);
    expect(stub.sent).toHaveLength(0);
    await user.type(screen.getByLabelText("Why decline?"), "No capacity");
    await user.click(screen.getByRole("button", { name: "Decline order" }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(declined, "Declined."));
    expect(stub.sent.map((r) => [r.operationName, r.variables["reason"]])).toEqual([["DeclinePurchaseOrder", "No capacity"]]);
  });

  it("ships part of an order and starts a new shipment key for the rest", async () => {
    const { stub, onChanged, user } = renderCard(order({ state: "IN_PRODUCTION" }), "supplier", {
      ShipPurchaseOrder: (variables: Record<string, unknown>) => ({
        data: { shipPurchaseOrder: { purchaseOrder: order({ state: "SHIPPED", shipped: Number(variables["quantity"]) }), errors: [] } },
      }),
    });
    const pieces = screen.getByLabelText("Pieces to ship");
    expect((pieces as HTMLInputElement).value).toBe("60");
    await user.clear(pieces);
    await user.type(pieces, "40");
    await user.click(screen.getByRole("button", { name: "Ship" }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    await waitFor(() => expect((screen.getByLabelText("Pieces to ship") as HTMLInputElement).value).toBe("20"));
    await user.click(screen.getByRole("button", { name: "Ship" }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(2));
    const ships = stub.sent.filter((r) => r.operationName === "ShipPurchaseOrder");
    expect(ships.map((r) => r.variables["quantity"])).toEqual([40, 20]);
    expect(ships[0]?.variables["key"]).not.toEqual(ships[1]?.variables["key"]);
  });

  it("lets the brand receive with defects only when it says what was wrong", async () => {
    const { stub, user } = renderCard(order({ state: "SHIPPED", shipped: 60 }), "brand", {});
    expect(screen.getByText(/1 day of 7 days so far/)).toBeTruthy();
    await user.clear(screen.getByLabelText("Defective"));
    await user.type(screen.getByLabelText("Defective"), "3");
    await user.click(screen.getByRole("button", { name: "Receive" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/what was wrong/);
    expect(stub.sent).toHaveLength(0);
  });
});
