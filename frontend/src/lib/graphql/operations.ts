/**
 * Every GraphQL document the app sends, typed by hand against api/schema.graphql.
 *
 * Each document is a `TypedDocumentNode<Result, Variables>`, so `useQuery` / `useMutation`
 * infer their data and variables. `operations.test.ts` checks them against the schema.
 */
import { gql, type TypedDocumentNode } from "@urql/core";

import { type Connection, type Market, PAGE_INFO, type PublicUser, type Role, USER_ERRORS, type UserError, type Viewer } from "./types";

const VIEWER_FIELDS = gql`
  fragment ViewerFields on User {
    id
    displayName
    bio
    avatarUrl
    homeMarket
    role
    createdAt
    email
  }
`;

export const MeQuery: TypedDocumentNode<{ me: Viewer | null }, Record<string, never>> = gql`
  query Me {
    me {
      ...ViewerFields
    }
  }
  ${VIEWER_FIELDS}
`;

export interface LogInVariables {
  input: { email: string; password: string };
}
export interface AuthPayload {
  token: string | null;
  user: Viewer | null;
  errors: UserError[];
}

export const LogInMutation: TypedDocumentNode<{ logIn: AuthPayload }, LogInVariables> = gql`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      token
      user {
        ...ViewerFields
      }
      ${USER_ERRORS}
    }
  }
  ${VIEWER_FIELDS}
`;

export interface SignUpVariables {
  input: { email: string; password: string; displayName: string };
}

export const SignUpMutation: TypedDocumentNode<{ signUp: AuthPayload }, SignUpVariables> = gql`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      user {
        ...ViewerFields
      }
      ${USER_ERRORS}
    }
  }
  ${VIEWER_FIELDS}
`;

export interface UpdateProfileVariables {
  input: { displayName?: string; bio?: string; homeMarket?: Market };
}
export interface ViewerPayload {
  user: Viewer | null;
  errors: UserError[];
}

export const UpdateProfileMutation: TypedDocumentNode<
  { updateProfile: ViewerPayload },
  UpdateProfileVariables
> = gql`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      user {
        ...ViewerFields
      }
      ${USER_ERRORS}
    }
  }
  ${VIEWER_FIELDS}
`;

export interface AdminUser extends PublicUser {
  email: string;
}

export interface UsersVariables {
  role?: Role | null;
  first: number;
  after?: string | null;
}

export const UsersQuery: TypedDocumentNode<{ users: Connection<AdminUser> }, UsersVariables> = gql`
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
      ${PAGE_INFO}
    }
  }
`;

export interface SetUserRoleVariables {
  input: { userId: string; role: Role };
}

export const SetUserRoleMutation: TypedDocumentNode<
  { setUserRole: { user: AdminUser | null; errors: UserError[] } },
  SetUserRoleVariables
> = gql`
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
      ${USER_ERRORS}
    }
  }
`;
