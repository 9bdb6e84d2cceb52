import { describe, expect, it } from "vitest";

import {
  elementNameFromId,
  emptyProduct,
  formKey,
  initialDraft,
  mapDropErrors,
  readDropStart,
  startDropPath,
  suggestProductUrl,
  toDropInput,
  type DropDraftForm,
} from "./drop-form";

function filled(overrides: Partial<DropDraftForm> = {}): DropDraftForm {
  return {
    name: " Butter yellow test ",
    elementIds: ["colour/butter-yellow"],
    markets: ["US"],
    launchDate: "2026-07-01",
    currency: "USD",
    campaignId: "",
    products: [{ ...emptyProduct(), sku: " BY-1 ", title: "Slip dress", category: "dresses", price: "39.90", unitCost: "12", units: "200", productUrl: "https://shop.example/p/by-1" }],
    ...overrides,
  };
}

describe("starting a drop from a trend", () => {
  it("links to the drops page with the element and the market, and reads them back", () => {
    const path = startDropPath("colour/butter-yellow", "UK");
    expect(path).toBe("/test-drops?new=1&element=colour%2Fbutter-yellow&market=UK");
    expect(readDropStart(new URL(path, "http://x").searchParams)).toEqual({ elementIds: ["colour/butter-yellow"], markets: ["UK"] });
    expect(startDropPath("pattern/gingham", null)).toBe("/test-drops?new=1&element=pattern%2Fgingham");
  });

  it("ignores what is not an element id or a market, and opens only with new=1", () => {
    expect(readDropStart(new URLSearchParams("element=colour/red"))).toBeNull();
    expect(readDropStart(new URLSearchParams("new=1&element=<b>&element=colour/red&element=colour/red&market=XX&market=DE"))).toEqual({
      elementIds: ["colour/red"],
      markets: ["DE"],
    });
  });

  it("prefills the form from the start: a name after the element, a launch a week out", () => {
    const draft = initialDraft({ elementIds: ["colour/butter-yellow"], markets: ["US"] }, new Date("2026-06-28T23:00:00Z"));
    expect(draft).toMatchObject({ name: "Butter yellow test", elementIds: ["colour/butter-yellow"], markets: ["US"], launchDate: "2026-07-05" });
    expect(draft.products).toHaveLength(1);
    expect(initialDraft(null).name).toBe("");
    expect(elementNameFromId("silhouette/wide-leg")).toBe("Wide leg");
  });

  it("suggests a product page on the brand's shop for a SKU", () => {
    expect(suggestProductUrl("https://shop.northwind.example/p/old-thing?x=1", " NW Tee/01 ")).toBe("https://shop.northwind.example/p/nw-tee-01");
    expect(suggestProductUrl(null, "A")).toBeNull();
    expect(suggestProductUrl("https://shop.example/p/a", "  ")).toBeNull();
    expect(suggestProductUrl("not a url", "A")).toBeNull();
  });
});

describe("the form's input", () => {
  it("turns amounts into minor units and trims text", () => {
    const built = toDropInput(filled({ campaignId: " cmp_1 " }));
    expect(built).toEqual({
      input: {
        name: "Butter yellow test",
        elementIds: ["colour/butter-yellow"],
        markets: ["US"],
        launchDate: "2026-07-01",
        campaignId: "cmp_1",
        products: [
          { sku: "BY-1", title: "Slip dress", category: "dresses", priceMinor: 3990, currency: "USD", unitCostMinor: 1200, units: 200, productUrl: "https://shop.example/p/by-1" },
        ],
      },
    });
    expect("input" in built && built.input.campaignId).toBe("cmp_1");
    const noCampaign = toDropInput(filled());
    expect("input" in noCampaign && noCampaign.input.campaignId).toBeNull();
  });

  it("catches what is not a number before sending, keyed like the server's errors", () => {
    const form = filled();
    form.products = [form.products[0]!, { ...emptyProduct(), price: "12,5€", unitCost: "", units: "ten" }];
    const built = toDropInput(form);
    expect(built).toEqual({
      errors: {
        fields: {
          "products.1.price": "Enter a price such as 39.90.",
          "products.1.unitCost": "Enter what one unit costs to make, such as 12.00.",
          "products.1.units": "Enter how many units the test batch has.",
        },
        form: [],
      },
    });
  });
});

describe("the payload's errors", () => {
  it("land beside their input: products by row, list items on their list", () => {
    expect(formKey("products.0.sku")).toBe("products.0.sku");
    expect(formKey("products.2.priceMinor")).toBe("products.2.price");
    expect(formKey("products.1.unitCostMinor")).toBe("products.1.unitCost");
    expect(formKey("products.0.imageUrl")).toBe("products.0.productUrl");
    expect(formKey("products.0.markets")).toBe("markets");
    expect(formKey("elementIds.1")).toBe("elementIds");
    expect(formKey("input.name")).toBe("name");
    expect(formKey("products")).toBe("products");
    expect(formKey("brand")).toBeNull();
    expect(formKey(null)).toBeNull();
  });

  it("joins two messages for one input and puts the rest above the button", () => {
    const mapped = mapDropErrors([
      { field: "products.0.sku", code: "DUPLICATE", message: "The brand already sells SKU A." },
      { field: "elementIds.0", code: "UNKNOWN_ELEMENT", message: "'x/y' is not an element." },
      { field: "elementIds.1", code: "UNKNOWN_ELEMENT", message: "'x/z' is not an element." },
      { field: null, code: "NO_MERCHANT_DOMAIN", message: "The brand has no shop yet." },
      { field: "products.0.currency", code: "INVALID", message: "Unknown currency." },
      { field: null, code: "NO_MERCHANT_DOMAIN", message: "The brand has no shop yet." },
    ]);
    expect(mapped).toEqual({
      fields: { "products.0.sku": "The brand already sells SKU A.", elementIds: "'x/y' is not an element. 'x/z' is not an element." },
      form: ["The brand has no shop yet.", "Unknown currency."],
    });
  });
});
