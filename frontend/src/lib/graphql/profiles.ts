/**
 * People's profiles: one person by @handle with their counts and whether the viewer follows
 * them, their posts (a grid, page by page), who follows them and whom they follow, and taking
 * a new handle.
 */
import { gql, type TypedDocumentNode } from "@urql/core";

import type * as G from "./generated/graphql";
import { PAGE_INFO_FIELDS } from "./types";

/** A profile's head: who, counts, and the viewer's follow state (null on one's own). */
export type Profile = NonNullable<G.UserProfileQuery["user"]>;

/** One post in a profile's grid. */
export type GridPost = G.GridPostFieldsFragment;

/** A row of a followers / following list. */
export type PersonRow = G.PersonFieldsFragment;

/** A person in a list: who, their profile's address, and whether the viewer follows them. */
const PERSON_FIELDS = gql`
  fragment PersonFields on User {
    id
    handle
    displayName
    avatarUrl
    role
    bio
    viewerFollows
  }
`;

export const UserProfileQuery: TypedDocumentNode<G.UserProfileQuery, G.UserProfileQueryVariables> = gql`
  query UserProfile($handle: String!) {
    user(handle: $handle) {
      id
      handle
      displayName
      bio
      avatarUrl
      role
      followerCount
      followingCount
      postCount
      viewerFollows
    }
  }
`;

const GRID_POST_FIELDS = gql`
  fragment GridPostFields on Post {
    id
    status
    caption
    likeCount
    commentCount
    imageCount
    images {
      blurhash
      thumb: url(variant: THUMB)
    }
  }
`;

export const UserPostsQuery: TypedDocumentNode<G.UserPostsQuery, G.UserPostsQueryVariables> = gql`
  query UserPosts($id: ID!, $first: Int!, $after: String) {
    user(id: $id) {
      id
      posts(first: $first, after: $after) {
        nodes {
          ...GridPostFields
        }
        pageInfo {
          ...PageInfoFields
        }
      }
    }
  }
  ${GRID_POST_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const FollowersQuery: TypedDocumentNode<G.FollowersQuery, G.FollowersQueryVariables> = gql`
  query Followers($id: ID!, $first: Int!, $after: String) {
    user(id: $id) {
      id
      followers(first: $first, after: $after) {
        nodes {
          ...PersonFields
        }
        pageInfo {
          ...PageInfoFields
        }
      }
    }
  }
  ${PERSON_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const FollowingQuery: TypedDocumentNode<G.FollowingQuery, G.FollowingQueryVariables> = gql`
  query Following($id: ID!, $first: Int!, $after: String) {
    user(id: $id) {
      id
      following(first: $first, after: $after) {
        nodes {
          ...PersonFields
        }
        pageInfo {
          ...PageInfoFields
        }
      }
    }
  }
  ${PERSON_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const ChangeHandleMutation: TypedDocumentNode<G.ChangeHandleMutation, G.ChangeHandleMutationVariables> = gql`
  mutation ChangeHandle($handle: String!) {
    changeHandle(input: { handle: $handle }) {
      user {
        id
        handle
      }
      errors {
        field
        code
        message
      }
    }
  }
`;
