/** The designers' trending-element feed, element pages, watches and the CSV export. */
import { gql, type TypedDocumentNode } from "@urql/core";

import { type Connection, type DateTime, type Market, PAGE_INFO, USER_ERRORS, type UserError } from "./types";

export const ELEMENT_KINDS = ["COLOUR", "PATTERN", "SILHOUETTE", "MATERIAL", "ITEM", "STYLE", "OCCASION"] as const;
export type ElementKind = (typeof ELEMENT_KINDS)[number];
export const TREND_STATES = ["EMERGING", "RISING", "PEAKING", "DECLINING", "STEADY"] as const;
export type TrendState = (typeof TREND_STATES)[number];
export const WINDOWS = [7, 14, 28] as const;

export interface DailyValue {
  date: string;
  value: number;
}

export interface ForecastPoint {
  date: string;
  expected: number;
  lower: number;
  upper: number;
}

export interface ExamplePost {
  id: string;
  author: { displayName: string } | null;
  images: { width: number; height: number; blurhash: string; thumb: string }[];
}

export interface ElementSummary {
  id: string;
  kind: ElementKind;
  name: string;
  nameZh: string | null;
  colour: string | null;
  viewerIsWatching: boolean;
}

export interface Trend {
  rank: number;
  score: number;
  state: TrendState;
  growthPct: number;
  rawGrowthPct: number | null;
  significance: number;
  distinctAuthors: number;
  baselineAuthors: number;
  posts: number;
  engagementLift: number;
  conversionLift: number;
  sentiment: number | null;
  sparkline: DailyValue[];
  forecast: ForecastPoint[];
  element: ElementSummary;
  examplePosts: ExamplePost[];
}

const EXAMPLE_POST = `
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
`;

const TREND_FIELDS = `
  rank
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
  element {
    id
    kind
    name
    nameZh
    colour
    viewerIsWatching
  }
  examplePosts {
    ${EXAMPLE_POST}
  }
`;

export interface TrendingVariables {
  market?: Market | null;
  kind?: ElementKind | null;
  window: number;
  first: number;
  after?: string | null;
}

export const TrendingElementsQuery: TypedDocumentNode<{ trendingElements: Connection<Trend> }, TrendingVariables> = gql`
  query TrendingElements($market: Market, $kind: ElementKind, $window: Int!, $first: Int!, $after: String) {
    trendingElements(market: $market, kind: $kind, window: $window, first: $first, after: $after) {
      nodes {
        ${TREND_FIELDS}
      }
      ${PAGE_INFO}
    }
  }
`;

export interface ElementDay {
  date: string;
  posts: number;
  authors: number;
  engagement: number;
  orders: number;
}

export interface ElementDetail extends ElementSummary {
  synonyms: string[];
  hashtags: string[];
  history: { market: Market; days: ElementDay[] }[];
  trend: Omit<Trend, "element" | "examplePosts"> | null;
  examplePosts: ExamplePost[];
}

export const ElementQuery: TypedDocumentNode<
  { element: ElementDetail | null },
  { id: string; market?: Market | null; window: number; since?: string | null }
> = gql`
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
        rank
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
      examplePosts(market: $market, first: 6) {
        ${EXAMPLE_POST}
      }
    }
  }
`;

type WatchPayload = { watching: boolean; element: { id: string; viewerIsWatching: boolean } | null; errors: UserError[] };

export const WatchElementMutation: TypedDocumentNode<{ watchElement: WatchPayload }, { id: string }> = gql`
  mutation WatchElement($id: ID!) {
    watchElement(id: $id) {
      watching
      element {
        id
        viewerIsWatching
      }
      ${USER_ERRORS}
    }
  }
`;

export const UnwatchElementMutation: TypedDocumentNode<{ unwatchElement: WatchPayload }, { id: string }> = gql`
  mutation UnwatchElement($id: ID!) {
    unwatchElement(id: $id) {
      watching
      element {
        id
        viewerIsWatching
      }
      ${USER_ERRORS}
    }
  }
`;

export const WatchedElementsQuery: TypedDocumentNode<
  { watchedElements: Connection<Pick<ElementSummary, "id" | "name" | "kind" | "colour">> },
  { first: number }
> = gql`
  query WatchedElements($first: Int!) {
    watchedElements(first: $first) {
      nodes {
        id
        name
        kind
        colour
      }
      ${PAGE_INFO}
    }
  }
`;

export const TrendingExportMutation: TypedDocumentNode<
  { trendingExport: { url: string | null; expiresAt: DateTime | null; errors: UserError[] } },
  { market?: Market | null; kind?: ElementKind | null; window: number }
> = gql`
  mutation TrendingExport($market: Market, $kind: ElementKind, $window: Int!) {
    trendingExport(market: $market, kind: $kind, window: $window) {
      url
      expiresAt
      ${USER_ERRORS}
    }
  }
`;

/** Taxonomy search, for linking more elements to a test drop. */
export const ElementSearchQuery: TypedDocumentNode<
  { elements: Connection<Pick<ElementSummary, "id" | "name" | "kind" | "colour">> },
  { search: string; first: number }
> = gql`
  query ElementSearch($search: String!, $first: Int!) {
    elements(search: $search, first: $first) {
      nodes {
        id
        name
        kind
        colour
      }
      ${PAGE_INFO}
    }
  }
`;
