import { describe, expect, it } from "vitest";

import { canLoadMore, initialPaging, pagingReducer, retryPaging, type PagingState } from "./paging";

type Node = { id: string; n?: number };
const page = (ids: string[], endCursor: string | null, hasNextPage = true) => ({
  type: "received" as const,
  nodes: ids.map((id) => ({ id })),
  pageInfo: { endCursor, hasNextPage },
});

function run(actions: Parameters<typeof pagingReducer<Node>>[1][]): PagingState<Node> {
  return actions.reduce(pagingReducer<Node>, initialPaging<Node>());
}

describe("infinite-scroll paging", () => {
  it("asks for one page at a time", () => {
    const loading = run([{ type: "request" }]);
    expect(loading.status).toBe("loading");
    expect(canLoadMore(loading)).toBe(false);
    expect(pagingReducer(loading, { type: "request" })).toBe(loading);
  });

  it("appends pages and moves the cursor", () => {
    const state = run([{ type: "request" }, page(["a", "b"], "c1"), { type: "request" }, page(["c"], "c2")]);
    expect(state.items.map((i) => i.id)).toEqual(["a", "b", "c"]);
    expect(state.cursor).toBe("c2");
    expect(state.pages).toBe(2);
    expect(canLoadMore(state)).toBe(true);
  });

  it("drops a post the ranking moved onto a later page", () => {
    const state = run([{ type: "request" }, page(["a", "b"], "c1"), { type: "request" }, page(["b", "c", "c"], "c2")]);
    expect(state.items.map((i) => i.id)).toEqual(["a", "b", "c"]);
  });

  it("stops at the last page", () => {
    const state = run([{ type: "request" }, page(["a"], "c1", false)]);
    expect(state.hasMore).toBe(false);
    expect(canLoadMore(state)).toBe(false);
    expect(pagingReducer(state, { type: "request" })).toBe(state);
  });

  it("stops when a page repeats its cursor or has none, instead of looping", () => {
    expect(run([{ type: "request" }, page(["a"], "c1"), { type: "request" }, page([], "c1")]).hasMore).toBe(false);
    expect(run([{ type: "request" }, page([], null)]).hasMore).toBe(false);
  });

  it("keeps what it has after an error and retries the same page", () => {
    const problem = { kind: "offline" as const, message: "offline", retryable: true };
    const failed = run([{ type: "request" }, page(["a"], "c1"), { type: "request" }, { type: "failed", problem }]);
    expect(failed.items).toHaveLength(1);
    expect(canLoadMore(failed)).toBe(false);
    const retried = retryPaging(failed);
    expect(canLoadMore(retried)).toBe(true);
    expect(retried.cursor).toBe("c1");
  });

  it("replaces one item in place (a like, a new comment count)", () => {
    const state = run([{ type: "request" }, page(["a", "b"], "c1"), { type: "replace", node: { id: "b", n: 5 } }]);
    expect(state.items).toEqual([{ id: "a" }, { id: "b", n: 5 }]);
  });
});
