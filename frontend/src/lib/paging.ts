/**
 * Infinite scroll over a Relay connection: the pages loaded so far, merged into one list with
 * no duplicates (a ranked feed can move a post between pages), and whether to ask for more.
 */
import type { Problem } from "./graphql/errors";

export interface PageInfoLike {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface PagingState<Node> {
  items: Node[];
  /** Cursor the next page starts after; null before the first page. */
  cursor: string | null;
  hasMore: boolean;
  status: "idle" | "loading" | "error";
  problem: Problem | null;
  /** Pages received, for tests and for "you're all caught up" wording. */
  pages: number;
}

export type PagingAction<Node> =
  | { type: "request" }
  | { type: "received"; nodes: Node[]; pageInfo: PageInfoLike }
  | { type: "failed"; problem: Problem }
  | { type: "reset" }
  | { type: "replace"; node: Node };

export function initialPaging<Node>(): PagingState<Node> {
  return { items: [], cursor: null, hasMore: true, status: "idle", problem: null, pages: 0 };
}

/** True when a page may be requested now (one at a time, never past the end, not after an error). */
export function canLoadMore(state: PagingState<unknown>): boolean {
  return state.hasMore && state.status === "idle";
}

export function pagingReducer<Node extends { id: string }>(
  state: PagingState<Node>,
  action: PagingAction<Node>,
): PagingState<Node> {
  switch (action.type) {
    case "request":
      if (state.status === "loading" || !state.hasMore) return state;
      return { ...state, status: "loading", problem: null };
    case "received": {
      const seen = new Set(state.items.map((item) => item.id));
      const fresh = action.nodes.filter((node) => {
        if (seen.has(node.id)) return false;
        seen.add(node.id);
        return true;
      });
      // A page that repeats its own cursor would loop forever: treat it as the end.
      const cursor = action.pageInfo.endCursor;
      const stuck = cursor === null || cursor === state.cursor;
      return {
        items: [...state.items, ...fresh],
        cursor: cursor ?? state.cursor,
        hasMore: action.pageInfo.hasNextPage && !stuck,
        status: "idle",
        problem: null,
        pages: state.pages + 1,
      };
    }
    case "failed":
      return { ...state, status: "error", problem: action.problem };
    case "reset":
      return initialPaging<Node>();
    case "replace":
      return {
        ...state,
        items: state.items.map((item) => (item.id === action.node.id ? action.node : item)),
      };
  }
}

/** After an error, "Try again" goes back to idle so the same page is asked for once more. */
export function retryPaging<Node>(state: PagingState<Node>): PagingState<Node> {
  return state.status === "error" ? { ...state, status: "idle", problem: null } : state;
}
