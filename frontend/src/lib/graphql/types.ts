/**
 * TypeScript shapes of the GraphQL types the app reads, written to match api/schema.graphql.
 * `operations.test.ts` validates every document against that schema, so a renamed or removed
 * field fails `npm test` before it fails in a browser.
 */

export const ROLES = ["SHOPPER", "INFLUENCER", "DESIGNER", "BRAND", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export const MARKETS = ["US", "UK", "DE", "FR", "BR", "MX", "SA"] as const;
export type Market = (typeof MARKETS)[number];

/** ISO 8601 date-time string (the `DateTime` scalar). */
export type DateTime = string;

/** A problem with a mutation's input, for the person who sent it. */
export interface UserError {
  field: string | null;
  code: string;
  message: string;
}

export interface PublicUser {
  __typename?: "User";
  id: string;
  displayName: string;
  bio: string;
  avatarUrl: string | null;
  homeMarket: Market | null;
  role: Role;
  createdAt: DateTime;
}

/** The signed-in account: the public profile plus what only its owner sees. */
export interface Viewer extends PublicUser {
  email: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<Node> {
  nodes: Node[];
  pageInfo: PageInfo;
}

// Selections every module asks for the same way, spliced into its documents.

/** What a list asks about its next page. */
export const PAGE_INFO = `pageInfo { hasNextPage endCursor }`;

/** A post's or comment's author as shown beside it: name, avatar and role badge. */
export const AUTHOR = `author { id displayName avatarUrl role }`;

/** A mutation payload's user errors, each on its input field. */
export const USER_ERRORS = `errors { field code message }`;
