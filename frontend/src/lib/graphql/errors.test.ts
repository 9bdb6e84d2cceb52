import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";

import { describeError } from "./errors";

function refused(message: string, extensions: Record<string, unknown>): CombinedError {
  return new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions })] });
}

describe("query cost refusals", () => {
  it("shows the server's sentence and allows a retry when the minute's budget is spent", () => {
    const message = "This query costs 1800 and 1200 of this minute's budget is left: try again in 2 s.";
    const error = refused(message, { code: "QUERY_BUDGET_EXHAUSTED", cost: 1800, remaining: 1200, retryAfter: 2 });
    expect(describeError(error)).toEqual({ kind: "rate-limited", message, retryable: true });
  });

  it("shows why a query over the ceiling was refused, without offering a retry", () => {
    const message = "This query would cost 618000, over the limit of 2000 per request.";
    const error = refused(message, { code: "QUERY_TOO_COSTLY", cost: 618000, ceiling: 2000 });
    expect(describeError(error)).toEqual({ kind: "rejected", message, retryable: false });
  });
});
