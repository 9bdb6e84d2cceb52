/** The designers' trending-element feed, element pages, watches and the CSV export. */
import { gql, type TypedDocumentNode } from "@urql/core";

import { enumValues } from "./enums";
import type * as G from "./generated/graphql";
import { PAGE_INFO_FIELDS } from "./types";

export type { ElementKind, TrendState } from "./generated/graphql";

/** Every kind of element, in the order the filter lists them. */
export const ELEMENT_KINDS = enumValues<G.ElementKind>()(["COLOUR", "PATTERN", "SILHOUETTE", "MATERIAL", "ITEM", "STYLE", "OCCASION"]);
/** Every trend state, in the order of a trend's life. */
export const TREND_STATES = enumValues<G.TrendState>()(["EMERGING", "RISING", "PEAKING", "COOLING", "DECLINING", "STEADY"]);
export const WINDOWS = [7, 14, 28] as const;

/** A trending element's card: its numbers, the element and example photos. */
export type Trend = G.TrendingElementsQuery["trendingElements"]["nodes"][number];

/** One day of a sparkline. */
export type DailyValue = G.TrendFieldsFragment["sparkline"][number];

/** One day of the forecast: the expected value and its band. */
export type ForecastPoint = G.TrendFieldsFragment["forecast"][number];

/** One day of an element's history in one market. */
export type ElementDay = NonNullable<G.ElementQuery["element"]>["history"][number]["days"][number];

const EXAMPLE_POST_FIELDS = gql`
  fragment ExamplePostFields on Post {
    id
    author {
      displayName
    }
    images {
      width
      height
      blurhash
      thumb: url(variant: THUMB)
    }
  }
`;

/** A trend's numbers: rank, score, state, growth, the sparkline and the forecast. */
const TREND_FIELDS = gql`
  fragment TrendFields on TrendingElement {
    rank
    listed
    score
    state
    growthPct
    rawGrowthPct
    significance
    distinctAuthors
    baselineAuthors
    posts
    engagementLift
    conversionLift
    sentiment
    sparkline {
      date
      value
    }
    forecast {
      date
      expected
      lower
      upper
    }
  }
`;

export const TrendingElementsQuery: TypedDocumentNode<G.TrendingElementsQuery, G.TrendingElementsQueryVariables> = gql`
  query TrendingElements($market: Market, $kind: ElementKind, $window: Int!, $first: Int!, $after: String) {
    trendingElements(market: $market, kind: $kind, window: $window, first: $first, after: $after) {
      nodes {
        ...TrendFields
        element {
          id
          kind
          name
          nameZh
          colour
          viewerIsWatching
        }
        examplePosts {
          ...ExamplePostFields
        }
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${TREND_FIELDS}
  ${EXAMPLE_POST_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const ElementQuery: TypedDocumentNode<G.ElementQuery, G.ElementQueryVariables> = gql`
  query Element($id: ID!, $market: Market, $window: Int!, $since: Date) {
    element(id: $id) {
      id
      kind
      name
      nameZh
      colour
      viewerIsWatching
      synonyms
      hashtags
      history(market: $market, since: $since) {
        market
        days {
          date
          posts
          authors
          engagement
          orders
        }
      }
      trend(market: $market, window: $window) {
        ...TrendFields
      }
      examplePosts(market: $market, first: 6) {
        ...ExamplePostFields
      }
    }
  }
  ${TREND_FIELDS}
  ${EXAMPLE_POST_FIELDS}
`;

export const WatchElementMutation: TypedDocumentNode<G.WatchElementMutation, G.WatchElementMutationVariables> = gql`
  mutation WatchElement($id: ID!) {
    watchElement(id: $id) {
      watching
      element {
        id
        viewerIsWatching
      }
      errors {
        field
        code
        message
      }
    }
  }
`;

export const UnwatchElementMutation: TypedDocumentNode<G.UnwatchElementMutation, G.UnwatchElementMutationVariables> = gql`
  mutation UnwatchElement($id: ID!) {
    unwatchElement(id: $id) {
      watching
      element {
        id
        viewerIsWatching
      }
      errors {
        field
        code
        message
      }
    }
  }
`;

export const WatchedElementsQuery: TypedDocumentNode<G.WatchedElementsQuery, G.WatchedElementsQueryVariables> = gql`
  query WatchedElements($first: Int!) {
    watchedElements(first: $first) {
      nodes {
        id
        name
        kind
        colour
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${PAGE_INFO_FIELDS}
`;

export const TrendingExportMutation: TypedDocumentNode<G.TrendingExportMutation, G.TrendingExportMutationVariables> = gql`
  mutation TrendingExport($market: Market, $kind: ElementKind, $window: Int!) {
    trendingExport(market: $market, kind: $kind, window: $window) {
      url
      expiresAt
      errors {
        field
        code
        message
      }
    }
  }
`;

/** Taxonomy search, for linking more elements to a test drop. */
export const ElementSearchQuery: TypedDocumentNode<G.ElementSearchQuery, G.ElementSearchQueryVariables> = gql`
  query ElementSearch($search: String!, $first: Int!) {
    elements(search: $search, first: $first) {
      nodes {
        id
        name
        kind
        colour
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${PAGE_INFO_FIELDS}
`;
