/**
 * Shapes shared by every module of documents. The result types themselves are generated from
 * api/schema.graphql and the documents (`generated/graphql.ts`, `npm run codegen`); what is here
 * are thin names for them, the fragments every module selects the same way, and the schema's
 * enums as lists for pickers.
 */
import { gql } from "@urql/core";

import { enumValues } from "./enums";
import type { Market, PageInfoFieldsFragment, Role, ViewerFieldsFragment } from "./generated/graphql";

export type { Market, Role } from "./generated/graphql";

/** Every role, in the order pickers list them. */
export const ROLES = enumValues<Role>()(["SHOPPER", "INFLUENCER", "DESIGNER", "BRAND", "ADMIN", "SUPPLIER"]);

/** Every market, in the order pickers list them. */
export const MARKETS = enumValues<Market>()(["US", "UK", "DE", "FR", "BR", "MX", "SA"]);

/**
 * A problem with a mutation's input, for the person who sent it. Each area's payload has its own
 * error type whose `code` is that area's enum (`PostErrorCode`, `CampaignErrorCode` …); all of
 * them fit this shape, which is what the forms read.
 */
export interface UserError {
  field: string | null;
  code: string;
  message: string;
}

/** The signed-in account: the public profile plus what only its owner sees. */
export type Viewer = ViewerFieldsFragment;

export type PageInfo = PageInfoFieldsFragment;

/** Any connection the app pages through: its nodes and where the next page starts. */
export interface Connection<Node> {
  nodes: Node[];
  pageInfo: PageInfo;
}

// Fragments every module selects the same way, added to its documents.

/** What a list asks about its next page. */
export const PAGE_INFO_FIELDS = gql`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    endCursor
  }
`;

/** A post's or comment's author as shown beside it: name, avatar and role badge. */
export const AUTHOR_FIELDS = gql`
  fragment AuthorFields on User {
    id
    displayName
    avatarUrl
    role
  }
`;

