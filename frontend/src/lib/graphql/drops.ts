/** Test drops: small batches of new designs, their sell-through, verdicts and re-orders. */
import { gql, type TypedDocumentNode } from "@urql/core";

import type { Money } from "../money";
import type { ElementKind, TrendState } from "./trends";
import { type Connection, type Market, PAGE_INFO, USER_ERRORS, type UserError } from "./types";

export type DropVerdict = "REORDER" | "WATCH" | "DROP";

export interface SellThroughPoint {
  day: string;
  sold: number;
  returned: number;
  net: number;
  netToDate: number;
  receivedToDate: number;
  stock: number;
  sellThrough: number;
}

export interface DropJudgement {
  verdict: DropVerdict;
  reasons: string[];
  summary: string;
  suggestedQuantity: number;
  reorderCost: Money;
  speedRatio: number | null;
  daysOfCover: number | null;
  forecast: { dailyRate: number; leadTimeDays: number; coverageDays: number };
}

export interface DropProduct {
  id: string;
  sku: string;
  title: string;
  category: string | null;
  price: Money;
  unitCost: Money;
  launchDate: string;
  verdict: DropJudgement | null;
  series: SellThroughPoint[];
  sellThrough: number;
  stockOnHand: number;
  unitsReceived: number;
  unitsOnOrder: number;
  unitsSold: number;
  netUnitsSold: number;
  returnRate: number;
  daysOnSale: number;
  clicks: number;
  posts: number;
}

export interface TestDrop {
  id: string;
  name: string;
  markets: Market[];
  launchDate: string;
  verdicts: DropVerdict[];
  daysOfCover: number | null;
  computedAt: string | null;
  createdAt: string;
  products: DropProduct[];
  elements: { id: string; name: string; kind: ElementKind; state: TrendState | null }[];
}

const PRODUCT_FIELDS = `
  id
  sku
  title
  category
  price { amountMinor currency }
  unitCost { amountMinor currency }
  launchDate
  verdict {
    verdict
    reasons
    summary
    suggestedQuantity
    reorderCost { amountMinor currency }
    speedRatio
    daysOfCover
    forecast { dailyRate leadTimeDays coverageDays }
  }
  series { day sold returned net netToDate receivedToDate stock sellThrough }
  sellThrough
  stockOnHand
  unitsReceived
  unitsOnOrder
  unitsSold
  netUnitsSold
  returnRate
  daysOnSale
  clicks
  posts
`;

export interface TestDropsFilter {
  category?: string | null;
  elementId?: string | null;
  verdict?: DropVerdict | null;
}

export const TestDropsQuery: TypedDocumentNode<
  { testDrops: Connection<TestDrop> },
  { filter?: TestDropsFilter | null; first: number; after?: string | null }
> = gql`
  query TestDrops($filter: TestDropsFilter, $first: Int!, $after: String) {
    testDrops(filter: $filter, first: $first, after: $after) {
      nodes {
        id
        name
        markets
        launchDate
        verdicts
        daysOfCover
        computedAt
        createdAt
        elements { id name kind state }
        products {
          ${PRODUCT_FIELDS}
        }
      }
      ${PAGE_INFO}
    }
  }
`;

export const PlaceReorderMutation: TypedDocumentNode<
  { placeReorder: { product: DropProduct | null; errors: UserError[] } },
  { productId: string; quantity: number; expectedDate: string }
> = gql`
  mutation PlaceReorder($productId: ID!, $quantity: Int!, $expectedDate: Date!) {
    placeReorder(productId: $productId, quantity: $quantity, expectedDate: $expectedDate) {
      product {
        ${PRODUCT_FIELDS}
      }
      ${USER_ERRORS}
    }
  }
`;

export interface TestDropProductInput {
  sku: string;
  title: string;
  category: string;
  priceMinor: number;
  currency: string;
  unitCostMinor: number;
  units: number;
  productUrl: string;
  imageUrl?: string | null;
}

export interface CreateTestDropInput {
  name: string;
  elementIds: string[];
  markets: Market[];
  launchDate: string;
  products: TestDropProductInput[];
  campaignId?: string | null;
}

export const CreateTestDropMutation: TypedDocumentNode<
  { createTestDrop: { testDrop: Pick<TestDrop, "id" | "name" | "markets" | "launchDate"> | null; errors: UserError[] } },
  { input: CreateTestDropInput }
> = gql`
  mutation CreateTestDrop($input: CreateTestDropInput!) {
    createTestDrop(input: $input) {
      testDrop {
        id
        name
        markets
        launchDate
      }
      ${USER_ERRORS}
    }
  }
`;

/** The brand the signed-in designer's drops go into: its shop domains (product pages must be on
 * one) and its draft and running campaigns (a drop can give KOLs its products through one). */
export interface DropBrand {
  brand: { id: string; displayName: string };
  shopDomains: string[];
  campaigns: { id: string; name: string; status: string }[];
}

export const DropBrandQuery: TypedDocumentNode<{ dropBrand: DropBrand | null }, Record<string, never>> = gql`
  query DropBrand {
    dropBrand {
      brand {
        id
        displayName
      }
      shopDomains
      campaigns {
        id
        name
        status
      }
    }
  }
`;
