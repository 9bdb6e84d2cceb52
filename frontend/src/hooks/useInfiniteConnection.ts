/**
 * Pages of a Relay connection loaded one after another (infinite scroll), merged by
 * `pagingReducer` so a node never shows twice. Changing `variables` starts over.
 */
import { useCallback, useEffect, useReducer, useRef } from "react";
import type { CombinedError, TypedDocumentNode } from "@urql/core";
import { useClient } from "urql";

import { describeError } from "../lib/graphql/errors";
import type { Connection } from "../lib/graphql/types";
import { canLoadMore, initialPaging, pagingReducer, retryPaging, type PagingState } from "../lib/paging";

type PageVariables = { first: number; after?: string | null };

export interface InfiniteConnection<Node> {
  state: PagingState<Node>;
  loadMore: () => void;
  retry: () => void;
  /** Put a changed node in place (after a like, a comment...). */
  replace: (node: Node) => void;
  /** Start again from the first page (pull to refresh, a new post). */
  refresh: () => void;
}

/** Whether the error carries one of these `extensions.code`s. */
function hasCode(error: CombinedError, codes: readonly string[]): boolean {
  return error.graphQLErrors.some((e) => codes.includes(String(e.extensions?.["code"] ?? "")));
}

export function useInfiniteConnection<Node extends { id: string }, Data, Variables extends PageVariables>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Omit<Variables, "first" | "after">,
  select: (data: Data) => Connection<Node> | null | undefined,
  pageSize = 12,
  /** Error codes that mean "this cursor is no longer valid": the list starts over from the top. */
  restartOn: readonly string[] = [],
): InfiniteConnection<Node> {
  const client = useClient();
  const [state, dispatch] = useReducer(
    (s: PagingState<Node>, a: Parameters<typeof pagingReducer<Node>>[1] | { type: "retry" }) =>
      a.type === "retry" ? retryPaging(s) : pagingReducer(s, a),
    undefined,
    initialPaging<Node>,
  );
  const stateRef = useRef(state);
  stateRef.current = state;
  const key = JSON.stringify(variables);
  // Each start-over gets a new generation; answers for an older one are dropped.
  const generation = useRef(0);
  const selectRef = useRef(select);
  selectRef.current = select;
  // One automatic start-over per mount: a second expired cursor in a row is shown as an error.
  const restartRef = useRef(restartOn);
  const restart = useRef<() => void>(() => undefined);

  const fetchPage = useCallback(() => {
    const current = stateRef.current;
    if (!canLoadMore(current)) return;
    const mine = generation.current;
    dispatch({ type: "request" });
    stateRef.current = { ...current, status: "loading" };
    const vars = { ...(JSON.parse(key) as object), first: pageSize, after: current.cursor } as Variables;
    void client
      .query(query, vars, { requestPolicy: "network-only" })
      .toPromise()
      .then((result) => {
        if (mine !== generation.current) return;
        const connection = result.data ? selectRef.current(result.data) : null;
        if (result.error && !connection && current.cursor !== null && hasCode(result.error, restartRef.current)) {
          restartRef.current = [];
          restart.current();
          return;
        }
        if (result.error && !connection) {
          dispatch({ type: "failed", problem: describeError(result.error) });
        } else if (connection) {
          dispatch({ type: "received", nodes: connection.nodes, pageInfo: connection.pageInfo });
        } else {
          dispatch({ type: "received", nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
        }
      });
  }, [client, query, key, pageSize]);

  useEffect(() => {
    generation.current += 1;
    dispatch({ type: "reset" });
    stateRef.current = initialPaging<Node>();
    fetchPage();
  }, [fetchPage]);

  const retry = useCallback(() => {
    dispatch({ type: "retry" });
    stateRef.current = retryPaging(stateRef.current);
    fetchPage();
  }, [fetchPage]);

  const replace = useCallback((node: Node) => dispatch({ type: "replace", node }), []);

  const refresh = useCallback(() => {
    generation.current += 1;
    dispatch({ type: "reset" });
    stateRef.current = initialPaging<Node>();
    fetchPage();
  }, [fetchPage]);
  restart.current = refresh;

  return { state, loadMore: fetchPage, retry, replace, refresh };
}
