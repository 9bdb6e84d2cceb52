import { describe, expect, it, vi } from "vitest";

import { createGraphqlClient } from "./client";
import { describeError, isUnauthenticated } from "./errors";
import { LogInMutation, MeQuery } from "./operations";

const TOKEN = "aaa.bbb.ccc";

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

function stubFetch(respond: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return respond();
  });
  return { fetch: fetchStub as unknown as typeof fetch, calls };
}

function headerOf(init: RequestInit, name: string): string | null {
  return new Headers(init.headers).get(name);
}

const ME = {
  id: "usr_1",
  displayName: "Mia Chen",
  bio: "",
  avatarUrl: null,
  homeMarket: "US",
  role: "SHOPPER",
  createdAt: "2026-01-01T00:00:00+00:00",
  email: "mia@example.com",
  __typename: "User",
};

async function runMe(options: { token: string | null; respond: () => Response | Promise<Response>; onUnauthenticated?: (m: string) => void }) {
  const { fetch, calls } = stubFetch(options.respond);
  const client = createGraphqlClient({
    token: options.token,
    url: "http://trendloop.test/graphql",
    fetch,
    onUnauthenticated: options.onUnauthenticated,
  });
  const result = await client.query(MeQuery, {}).toPromise();
  return { result, calls };
}

describe("the GraphQL client", () => {
  it("sends the bearer token and returns the data", async () => {
    const { result, calls } = await runMe({
      token: TOKEN,
      respond: () => json({ data: { me: ME } }),
    });
    expect(result.error).toBeUndefined();
    expect(result.data?.me?.displayName).toBe("Mia Chen");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe("http://trendloop.test/graphql");
    expect(headerOf(calls[0]!.init, "Authorization")).toBe(`Bearer ${TOKEN}`);
  });

  it("sends no Authorization header when signed out", async () => {
    const { calls } = await runMe({ token: null, respond: () => json({ data: { me: null } }) });
    expect(headerOf(calls[0]!.init, "Authorization")).toBeNull();
  });

  it("reports a refused token once, with the server's reason", async () => {
    const onUnauthenticated = vi.fn();
    const { result } = await runMe({
      token: TOKEN,
      onUnauthenticated,
      respond: () =>
        json({
          data: { me: null },
          errors: [
            {
              message: "Your session has expired. Log in again.",
              path: ["me"],
              extensions: { code: "UNAUTHENTICATED", field: null },
            },
          ],
        }),
    });
    expect(result.error && isUnauthenticated(result.error)).toBe(true);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    expect(onUnauthenticated).toHaveBeenCalledWith("Your session has expired. Log in again.");
  });

  it("reads a renewed token as each request leaves, and ignores refusals of the one it replaced", async () => {
    let current: string | null = TOKEN;
    const onUnauthenticated = vi.fn();
    const refusal = {
      data: { me: null },
      errors: [{ message: "You were logged out; log in again.", extensions: { code: "UNAUTHENTICATED" } }],
    };
    const { fetch, calls } = stubFetch(() => {
      // The password is changed while this request is out: the token is renewed meanwhile.
      current = "new.token.here";
      return json(refusal);
    });
    const client = createGraphqlClient({
      token: () => current,
      url: "http://trendloop.test/graphql",
      fetch,
      onUnauthenticated,
    });
    await client.query(MeQuery, {}).toPromise();
    expect(headerOf(calls[0]!.init, "Authorization")).toBe(`Bearer ${TOKEN}`);
    expect(onUnauthenticated).not.toHaveBeenCalled();
    await client.query(MeQuery, {}, { requestPolicy: "network-only" }).toPromise();
    expect(headerOf(calls[1]!.init, "Authorization")).toBe("Bearer new.token.here");
    expect(onUnauthenticated).toHaveBeenCalledWith("You were logged out; log in again.");
  });

  it("does not call a signed-out visitor's 'log in first' an expired session", async () => {
    const onUnauthenticated = vi.fn();
    await runMe({
      token: null,
      onUnauthenticated,
      respond: () =>
        json({ data: null, errors: [{ message: "Log in first.", extensions: { code: "UNAUTHENTICATED" } }] }),
    });
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it("does not sign out on other errors", async () => {
    const onUnauthenticated = vi.fn();
    const { result } = await runMe({
      token: TOKEN,
      onUnauthenticated,
      respond: () =>
        json({ data: null, errors: [{ message: "Only an admin can do this.", extensions: { code: "FORBIDDEN" } }] }),
    });
    expect(onUnauthenticated).not.toHaveBeenCalled();
    expect(describeError(result.error!)).toEqual({
      kind: "forbidden",
      message: "Only an admin can do this.",
      retryable: false,
    });
  });

  it("turns an unreachable server into an 'offline' problem worth retrying", async () => {
    const { result } = await runMe({
      token: TOKEN,
      respond: () => Promise.reject(new TypeError("Failed to fetch")),
    });
    const problem = describeError(result.error!);
    expect(problem.kind).toBe("offline");
    expect(problem.retryable).toBe(true);
    expect(problem.message).toMatch(/can't reach trendloop/i);
  });

  it("turns a proxy's HTML error page into a 'server' problem", async () => {
    const { result } = await runMe({
      token: TOKEN,
      respond: () =>
        new Response("<html><body>502 Bad Gateway</body></html>", {
          status: 502,
          headers: { "Content-Type": "text/html" },
        }),
    });
    const problem = describeError(result.error!);
    expect(problem.kind).toBe("server");
    expect(problem.message).not.toMatch(/<html>/);
  });

  it("explains an oversized request", async () => {
    const { result } = await runMe({
      token: TOKEN,
      respond: () => json({ detail: "The request is larger than 10 bytes." }, 413),
    });
    expect(describeError(result.error!).kind).toBe("too-large");
  });

  it("never shows the text of a masked server error", async () => {
    const { result } = await runMe({
      token: TOKEN,
      respond: () =>
        json({ data: null, errors: [{ message: "Unexpected error.", extensions: { code: "INTERNAL" } }] }),
    });
    const problem = describeError(result.error!);
    expect(problem.kind).toBe("server");
    expect(problem.message).toBe("Something went wrong on our side. Try again in a moment.");
  });

  it("shows the server's words for an expected problem with its own code", async () => {
    const { result } = await runMe({
      token: TOKEN,
      respond: () =>
        json({ data: null, errors: [{ message: "Choose a window of 7, 28 or 90 days.", extensions: { code: "INVALID", field: "window" } }] }),
    });
    expect(describeError(result.error!)).toEqual({
      kind: "rejected",
      message: "Choose a window of 7, 28 or 90 days.",
      retryable: false,
    });
  });

  it("asks to try again shortly when the server is at capacity", async () => {
    const { result } = await runMe({
      token: TOKEN,
      respond: () =>
        json(
          {
            data: null,
            errors: [{ message: "The server is busy right now; try again in 2 s.", extensions: { code: "BUSY", retryAfter: 2 } }],
          },
          503,
        ),
    });
    expect(describeError(result.error!)).toEqual({
      kind: "busy",
      message: "Trendloop is busy right now. Try again in a few seconds.",
      retryable: true,
    });
  });

  it("treats a document the server cannot validate as the app's own fault", async () => {
    const { result } = await runMe({
      token: TOKEN,
      respond: () => json({ data: null, errors: [{ message: "Cannot query field 'mee' on type 'Query'." }] }),
    });
    const problem = describeError(result.error!);
    expect(problem.kind).toBe("client");
    expect(problem.message).not.toMatch(/mee/);
  });

  it("leaves mutation input errors in the payload, not in `error`", async () => {
    const { fetch } = stubFetch(() =>
      json({
        data: {
          logIn: {
            token: null,
            user: null,
            errors: [{ field: null, code: "INVALID_CREDENTIALS", message: "Email or password is incorrect." }],
          },
        },
      }),
    );
    const client = createGraphqlClient({ token: null, url: "http://trendloop.test/graphql", fetch });
    const result = await client
      .mutation(LogInMutation, { input: { email: "a@b.co", password: "wrong-password" } })
      .toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data?.logIn.errors[0]?.code).toBe("INVALID_CREDENTIALS");
  });
});
