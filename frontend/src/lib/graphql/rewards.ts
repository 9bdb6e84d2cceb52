/** Shopper rewards: your points (balance and history), the brand's shopper channel and its rate. */
import { gql, type TypedDocumentNode } from "@urql/core";

import type * as G from "./generated/graphql";

export type { PointsStatus } from "./generated/graphql";

/** Points in one currency: pending, available, reversed (1 point = 1 minor unit). */
export type PointsBalance = G.MyPointsQuery["myPoints"]["balances"][number];

/** One order that earned points through one of your looks. */
export type PointsEntry = G.MyPointsQuery["myPoints"]["history"]["edges"][number]["node"];

/** The brand's shopper channel over a period. */
export type ShopperChannel = G.ShopperChannelQuery["shopperChannel"];

export const MyPointsQuery: TypedDocumentNode<G.MyPointsQuery, G.MyPointsQueryVariables> = gql`
  query MyPoints($first: Int! = 20, $after: String) {
    myPoints {
      balances {
        currency
        pending
        available
        reversed
        availableValue {
          amountMinor
          currency
        }
        nextAvailableAt
      }
      history(first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            status
            points
            credited
            reversed
            currency
            rateBps
            orderNumber
            orderedAt
            availableAt
            approvedAt
            product {
              id
              title
            }
            post {
              id
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const ShopperChannelQuery: TypedDocumentNode<G.ShopperChannelQuery, G.ShopperChannelQueryVariables> = gql`
  query ShopperChannel($from: Date, $to: Date) {
    shopperChannel(from: $from, to: $to) {
      start
      end
      currency
      orders
      revenue {
        amountMinor
        currency
      }
      pointsCost {
        amountMinor
        currency
      }
      newCustomers
      cac {
        amountMinor
        currency
      }
      rateBps
    }
  }
`;

export const ShopperTermsQuery: TypedDocumentNode<G.ShopperTermsQuery, G.ShopperTermsQueryVariables> = gql`
  query ShopperTerms {
    brandSettings {
      brandId
      currency
      baselineCac {
        amountMinor
        currency
      }
      shopperPointsRateBps
      shopperReturnWindowDays
    }
  }
`;

export const UpdateShopperTermsMutation: TypedDocumentNode<G.UpdateShopperTermsMutation, G.UpdateShopperTermsMutationVariables> = gql`
  mutation UpdateShopperTerms($input: UpdateBrandSettingsInput!) {
    updateBrandSettings(input: $input) {
      settings {
        brandId
        currency
        baselineCac {
          amountMinor
          currency
        }
        shopperPointsRateBps
        shopperReturnWindowDays
      }
      errors {
        field
        code
        message
      }
    }
  }
`;
