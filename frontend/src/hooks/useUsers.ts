import { useQuery } from "urql";

import { describeError, type Problem } from "../lib/graphql/errors";
import { UsersQuery, type AdminUser } from "../lib/graphql/operations";
import type { Role } from "../lib/graphql/types";

export const USERS_PAGE_SIZE = 25;

export interface UsersPage {
  users: AdminUser[];
  loading: boolean;
  problem: Problem | null;
  nextCursor: string | null;
  retry: () => void;
}

/** One page of the admin's account list; pages chain through `nextCursor`. */
export function useUsersPage(role: Role | null, after: string | null): UsersPage {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: UsersQuery,
    variables: { role, first: USERS_PAGE_SIZE, after },
  });
  const page = data?.users;
  return {
    users: page?.nodes ?? [],
    loading: fetching && !page,
    problem: error && !page ? describeError(error) : null,
    nextCursor: page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null,
    retry: () => reexecute({ requestPolicy: "network-only" }),
  };
}
