import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";

import { createGraphqlClient } from "../../lib/graphql/client";
import { TestDropsPage } from "../../routes/TestDropsPage";
import { graphqlStub, TEST_TOKEN, type Answer } from "../../test/graphql-stub";

const empty = { data: { testDrops: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } } };

function renderPage(path: string, answers: Record<string, Answer>) {
  const stub = graphqlStub({
    TestDrops: empty,
    DropBrand: {
      data: {
        dropBrand: {
          brand: { id: "usr_brand", displayName: "Northwind" },
          shopDomains: ["shop.northwind.example"],
          campaigns: [{ id: "cmp_1", name: "Summer drop", status: "DRAFT" }],
        },
      },
    },
    ...answers,
  });
  const router = createMemoryRouter([{ path: "/test-drops", element: <TestDropsPage /> }], { initialEntries: [path] });
  render(
    <Provider value={createGraphqlClient({ token: TEST_TOKEN, url: "http://t.test/graphql", fetch: stub.fetch })}>
      <RouterProvider router={router} />
    </Provider>,
  );
  return { sent: stub.sent, router };
}

describe("starting a test drop", () => {
  it("opens prefilled from a trend, shows the server's errors beside their inputs, then creates the drop", async () => {
    let attempts = 0;
    const { sent, router } = renderPage("/test-drops?new=1&element=colour%2Fbutter-yellow&market=UK", {
      CreateTestDrop: () => {
        attempts += 1;
        if (attempts === 1) {
          return {
            data: {
              createTestDrop: {
                testDrop: null,
                errors: [
                  { field: "products.0.sku", code: "DUPLICATE", message: "The brand already sells SKU BY-1; a test product needs a new SKU." },
                  { field: null, code: "NO_BRAND", message: "Something about the whole drop." },
                ],
              },
            },
          };
        }
        return { data: { createTestDrop: { testDrop: { id: "drop_9", name: "Butter yellow test", markets: ["UK"], launchDate: "2026-07-01" }, errors: [] } } };
      },
    });
    const user = userEvent.setup();
    const form = await screen.findByRole("region", { name: "New test drop" });
    expect((within(form).getByLabelText("Name") as HTMLInputElement).value).toBe("Butter yellow test");
    expect(within(within(form).getByRole("list", { name: "Linked elements" })).getByText("Butter yellow")).toBeTruthy();
    expect((within(form).getByRole("checkbox", { name: /United Kingdom|UK/ }) as HTMLInputElement).checked).toBe(true);

    const product = within(form).getByRole("group", { name: "Product 1" });
    await user.type(within(product).getByLabelText("Title"), "Slip dress");
    await user.type(within(product).getByLabelText("SKU"), "BY-1");
    // The product page is suggested on the brand's shop from the SKU.
    await waitFor(() => expect((within(product).getByLabelText("Product page") as HTMLInputElement).value).toBe("https://shop.northwind.example/p/by-1"));
    await user.type(within(product).getByLabelText("Category"), "dresses");
    await user.type(within(product).getByLabelText("Units in the batch"), "150");
    await user.type(within(product).getByLabelText("Price"), "39.90");
    await user.type(within(product).getByLabelText("Unit cost"), "12");
    await user.click(within(form).getByRole("button", { name: "Start the test drop" }));

    const sku = within(product).getByLabelText("SKU");
    await waitFor(() => expect(sku.getAttribute("aria-invalid")).toBe("true"));
    expect(within(product).getByText(/already sells SKU BY-1/)).toBeTruthy();
    expect(within(form).getByRole("alert").textContent).toContain("Something about the whole drop.");
    expect(document.activeElement).toBe(sku);
    const sentInput = sent.find((r) => r.operationName === "CreateTestDrop")?.variables["input"];
    expect(sentInput).toEqual({
      name: "Butter yellow test",
      elementIds: ["colour/butter-yellow"],
      markets: ["UK"],
      launchDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      campaignId: null,
      products: [
        { sku: "BY-1", title: "Slip dress", category: "dresses", priceMinor: 3990, currency: "USD", unitCostMinor: 1200, units: 150, productUrl: "https://shop.northwind.example/p/by-1" },
      ],
    });

    await user.clear(sku);
    await user.type(sku, "BY-2");
    // The brand's campaigns are offered by name.
    await user.selectOptions(within(form).getByLabelText("Campaign (optional)"), "Summer drop (draft)");
    await user.click(within(form).getByRole("button", { name: "Start the test drop" }));
    const second = sent.filter((r) => r.operationName === "CreateTestDrop").at(-1)?.variables["input"] as { campaignId: string };
    expect(second.campaignId).toBe("cmp_1");
    expect(await screen.findByText(/“Butter yellow test” is on sale from its launch date/)).toBeTruthy();
    expect(screen.queryByRole("region", { name: "New test drop" })).toBeNull();
    expect(router.state.location.search).toBe("");
    // The list is read again so the new drop shows in it.
    await waitFor(() => expect(sent.filter((r) => r.operationName === "TestDrops").length).toBeGreaterThanOrEqual(3));
  });

  it("checks amounts before sending and adds elements from the taxonomy", async () => {
    const { sent } = renderPage("/test-drops", {
      ElementSearch: { data: { elements: { nodes: [{ id: "pattern/gingham", name: "Gingham", kind: "PATTERN", colour: null }], pageInfo: { hasNextPage: false, endCursor: null } } } },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "New test drop" }));
    const form = await screen.findByRole("region", { name: "New test drop" });
    expect(within(form).getByText(/No element linked yet/)).toBeTruthy();
    await user.type(within(form).getByLabelText("Add an element"), "ging");
    await user.click(await within(form).findByRole("button", { name: "Gingham" }));
    expect(within(within(form).getByRole("list", { name: "Linked elements" })).getByText("Gingham")).toBeTruthy();

    await user.click(within(form).getByRole("button", { name: "Add another product" }));
    const second = within(form).getByRole("group", { name: "Product 2" });
    await user.type(within(second).getByLabelText("Price"), "12,5€");
    await user.click(within(form).getByRole("button", { name: "Start the test drop" }));
    expect(await within(second).findByText("Enter a price such as 39.90.")).toBeTruthy();
    expect(sent.some((r) => r.operationName === "CreateTestDrop")).toBe(false);

    await user.click(within(form).getByRole("button", { name: "Remove product 2" }));
    expect(within(form).queryByRole("group", { name: "Product 2" })).toBeNull();
    await user.click(within(form).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("region", { name: "New test drop" })).toBeNull();
  });
});
