/**
 * A stand-in for the network in component tests: answers each GraphQL operation by name with
 * a canned JSON body, and records what the app sent.
 */
import { vi } from "vitest";

export type Answer = unknown | ((variables: Record<string, unknown>) => unknown);

export interface SentRequest {
  operationName: string;
  variables: Record<string, unknown>;
  authorization: string | null;
}

export function graphqlStub(answers: Record<string, Answer>) {
  const sent: SentRequest[] = [];
  const fetchStub = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as {
      operationName: string;
      variables?: Record<string, unknown>;
    };
    const variables = body.variables ?? {};
    sent.push({
      operationName: body.operationName,
      variables,
      authorization: new Headers(init?.headers).get("Authorization"),
    });
    const answer = answers[body.operationName];
    if (answer === undefined) {
      return new Response(JSON.stringify({ errors: [{ message: `No stub for ${body.operationName}` }] }), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      });
    }
    const payload = typeof answer === "function" ? answer(variables) : answer;
    return new Response(JSON.stringify(payload), {
      status: 200,
      headers: { "Content-Type": "application/json" },
    });
  });
  return { fetch: fetchStub as unknown as typeof fetch, sent };
}

export function viewer(overrides: Record<string, unknown> = {}) {
  return {
    __typename: "User",
    id: "usr_01test",
    handle: "mia.chen",
    displayName: "Mia Chen",
    bio: "Thrift + vintage.",
    avatarUrl: null,
    homeMarket: "US",
    role: "SHOPPER",
    createdAt: "2026-01-05T10:00:00+00:00",
    email: "shopper@demo.trendloop.dev",
    ...overrides,
  };
}

export const TEST_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3JfMDF0ZXN0In0.c2ln";
