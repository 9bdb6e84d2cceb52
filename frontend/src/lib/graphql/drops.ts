/** Test drops: small batches of new designs, their sell-through, verdicts and re-orders. */
import { gql, type TypedDocumentNode } from "@urql/core";

import type * as G from "./generated/graphql";
import { PAGE_INFO_FIELDS } from "./types";

export type { CreateTestDropInput, DropVerdict } from "./generated/graphql";

/** One product of a drop: its sales so far, the sell-through series and the verdict. */
export type DropProduct = G.DropProductFieldsFragment;

/** One day of a product's sell-through: units sold, returned and in stock, and the share sold so far. */
export type SellThroughPoint = DropProduct["series"][number];

export type TestDrop = G.TestDropsQuery["testDrops"]["nodes"][number];

const DROP_PRODUCT_FIELDS = gql`
  fragment DropProductFields on DropProduct {
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
  }
`;

export const TestDropsQuery: TypedDocumentNode<G.TestDropsQuery, G.TestDropsQueryVariables> = gql`
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
          ...DropProductFields
        }
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${DROP_PRODUCT_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const PlaceReorderMutation: TypedDocumentNode<G.PlaceReorderMutation, G.PlaceReorderMutationVariables> = gql`
  mutation PlaceReorder($productId: ID!, $quantity: Int!, $expectedDate: Date!) {
    placeReorder(productId: $productId, quantity: $quantity, expectedDate: $expectedDate) {
      product {
        ...DropProductFields
      }
      errors {
        field
        code
        message
      }
    }
  }
  ${DROP_PRODUCT_FIELDS}
`;

export const CreateTestDropMutation: TypedDocumentNode<G.CreateTestDropMutation, G.CreateTestDropMutationVariables> = gql`
  mutation CreateTestDrop($input: CreateTestDropInput!) {
    createTestDrop(input: $input) {
      testDrop {
        id
        name
        markets
        launchDate
      }
      errors {
        field
        code
        message
      }
    }
  }
`;

/** The brand the signed-in designer's drops go into: its shop domains (product pages must be on
 * one) and its draft and running campaigns (a drop can give KOLs its products through one). */
export type DropBrand = NonNullable<G.DropBrandQuery["dropBrand"]>;

export const DropBrandQuery: TypedDocumentNode<G.DropBrandQuery, G.DropBrandQueryVariables> = gql`
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
