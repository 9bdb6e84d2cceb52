/**
 * Explore: the market's trending strip, search over people, hashtags, products and style
 * elements, a hashtag's looks and a style element's looks (TOP or RECENT, page by page).
 */
import { gql, type TypedDocumentNode } from "@urql/core";

import type * as G from "./generated/graphql";
import { PAGE_INFO_FIELDS } from "./types";

/** One look in an Explore grid: a square thumbnail leading to the post. */
export type LookTile = G.ExploreLookFieldsFragment;
export type TrendingStrip = G.ExploreTrendingQuery["exploreTrending"];
export type SearchResults = G.ExploreSearchQuery["search"];
export type SearchPerson = SearchResults["people"][number];
export type SearchProduct = SearchResults["products"][number];
export type LookOrder = G.LookOrder;

const LOOK_FIELDS = gql`
  fragment ExploreLookFields on Post {
    id
    caption
    likeCount
    author {
      id
      displayName
    }
    images {
      blurhash
      thumb: url(variant: THUMB)
    }
  }
`;

export const ExploreTrendingQuery: TypedDocumentNode<G.ExploreTrendingQuery, G.ExploreTrendingQueryVariables> = gql`
  query ExploreTrending($market: Market) {
    exploreTrending(market: $market) {
      market
      elements {
        id
        kind
        slug
        name
        nameZh
        colour
      }
      hashtags {
        tag
        postCount
      }
    }
  }
`;

export const ExploreSearchQuery: TypedDocumentNode<G.ExploreSearchQuery, G.ExploreSearchQueryVariables> = gql`
  query ExploreSearch($query: String!, $first: Int!) {
    search(query: $query, first: $first) {
      query
      people {
        id
        handle
        displayName
        avatarUrl
        role
        viewerFollows
      }
      hashtags {
        tag
        postCount
      }
      products {
        id
        title
        sku
        thumbUrl
        price {
          amountMinor
          currency
        }
      }
      elements {
        id
        kind
        slug
        name
        nameZh
      }
    }
  }
`;

export const HashtagQuery: TypedDocumentNode<G.HashtagQuery, G.HashtagQueryVariables> = gql`
  query Hashtag($tag: String!) {
    hashtag(tag: $tag) {
      tag
      postCount
    }
  }
`;

export const HashtagLooksQuery: TypedDocumentNode<G.HashtagLooksQuery, G.HashtagLooksQueryVariables> = gql`
  query HashtagLooks($tag: String!, $order: LookOrder!, $first: Int!, $after: String) {
    hashtag(tag: $tag) {
      tag
      looks(order: $order, first: $first, after: $after) {
        nodes {
          ...ExploreLookFields
        }
        pageInfo {
          ...PageInfoFields
        }
      }
    }
  }
  ${LOOK_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const StyleElementQuery: TypedDocumentNode<G.StyleElementQuery, G.StyleElementQueryVariables> = gql`
  query StyleElement($id: ID!) {
    styleElement(id: $id) {
      id
      kind
      name
      nameZh
      colour
      hashtags {
        tag
      }
    }
  }
`;

export const ElementLooksQuery: TypedDocumentNode<G.ElementLooksQuery, G.ElementLooksQueryVariables> = gql`
  query ElementLooks($id: ID!, $order: LookOrder!, $first: Int!, $after: String) {
    styleElement(id: $id) {
      id
      looks(order: $order, first: $first, after: $after) {
        nodes {
          ...ExploreLookFields
        }
        pageInfo {
          ...PageInfoFields
        }
      }
    }
  }
  ${LOOK_FIELDS}
  ${PAGE_INFO_FIELDS}
`;
