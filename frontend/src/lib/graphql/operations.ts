/**
 * Accounts: the viewer, signing up and in, the password and sessions, the profile, and the admin's
 * list of users.
 *
 * Each document is a `TypedDocumentNode<Result, Variables>` whose types are generated from
 * api/schema.graphql and the document itself (`generated/graphql.ts`, `npm run codegen`), so
 * `useQuery` / `useMutation` infer their data and variables. `operations.test.ts` checks the
 * documents against the schema.
 */
import { gql, type TypedDocumentNode } from "@urql/core";

import type * as G from "./generated/graphql";
import { PAGE_INFO_FIELDS } from "./types";

const VIEWER_FIELDS = gql`
  fragment ViewerFields on User {
    id
    handle
    displayName
    bio
    avatarUrl
    homeMarket
    role
    createdAt
    email
  }
`;

export const MeQuery: TypedDocumentNode<G.MeQuery, G.MeQueryVariables> = gql`
  query Me {
    me {
      ...ViewerFields
    }
  }
  ${VIEWER_FIELDS}
`;

export const LogInMutation: TypedDocumentNode<G.LogInMutation, G.LogInMutationVariables> = gql`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      token
      user {
        ...ViewerFields
      }
      errors {
        field
        code
        message
      }
    }
  }
  ${VIEWER_FIELDS}
`;

export const SignUpMutation: TypedDocumentNode<G.SignUpMutation, G.SignUpMutationVariables> = gql`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      user {
        ...ViewerFields
      }
      errors {
        field
        code
        message
      }
    }
  }
  ${VIEWER_FIELDS}
`;

export type UpdateProfileVariables = G.UpdateProfileMutationVariables;

export const UpdateProfileMutation: TypedDocumentNode<G.UpdateProfileMutation, UpdateProfileVariables> = gql`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      user {
        ...ViewerFields
      }
      errors {
        field
        code
        message
      }
    }
  }
  ${VIEWER_FIELDS}
`;

// Only the token and errors: a `User` in the result would make the cache refetch `me` at once,
// before the new token is in place, and that request would be refused.
export const ChangePasswordMutation: TypedDocumentNode<
  G.ChangePasswordMutation,
  G.ChangePasswordMutationVariables
> = gql`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      token
      errors {
        field
        code
        message
      }
    }
  }
`;

export const LogOutEverywhereMutation: TypedDocumentNode<
  G.LogOutEverywhereMutation,
  G.LogOutEverywhereMutationVariables
> = gql`
  mutation LogOutEverywhere {
    logOutEverywhere {
      loggedOut
      errors {
        field
        code
        message
      }
    }
  }
`;

/** An account as the admin's user table lists it. */
export type AdminUser = G.UsersQuery["users"]["nodes"][number];

export const UsersQuery: TypedDocumentNode<G.UsersQuery, G.UsersQueryVariables> = gql`
  query Users($role: Role, $first: Int!, $after: String) {
    users(role: $role, first: $first, after: $after) {
      nodes {
        id
        displayName
        bio
        avatarUrl
        homeMarket
        role
        createdAt
        email
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${PAGE_INFO_FIELDS}
`;

export const SetUserRoleMutation: TypedDocumentNode<G.SetUserRoleMutation, G.SetUserRoleMutationVariables> = gql`
  mutation SetUserRole($input: SetUserRoleInput!) {
    setUserRole(input: $input) {
      user {
        id
        displayName
        bio
        avatarUrl
        homeMarket
        role
        createdAt
        email
      }
      errors {
        field
        code
        message
      }
    }
  }
`;
