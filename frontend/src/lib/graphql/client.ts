/**
 * The app's GraphQL client: urql over fetch, with the bearer token attached to every request
 * and a hook for the moment the server stops accepting that token.
 *
 * One client per signed-in account: signing in or out builds a new client, so nothing one
 * account fetched is ever served from cache to another. A token renewed for the same account
 * (after a password change) is read per request from `token` when it is a function, so the
 * cache and the page on screen stay.
 */
import { Client, cacheExchange, fetchExchange, makeOperation, mapExchange } from "@urql/core";

import { describeError, isUnauthenticated } from "./errors";

export interface GraphqlClientOptions {
  /** Bearer token sent with every request, or null when signed out; a function is asked for
   * the current one as each request leaves. */
  token: string | null | (() => string | null);
  /** Endpoint; the app is served by the same origin as the API. */
  url?: string;
  /** Called for each failed request whose token the server refused (expired, forged...),
   * unless the token was replaced meanwhile. */
  onUnauthenticated?: (message: string) => void;
  /** Injected in tests; the browser's fetch otherwise. */
  fetch?: typeof fetch;
}

export function createGraphqlClient(options: GraphqlClientOptions): Client {
  const { token } = options;
  const currentToken = typeof token === "function" ? token : () => token;
  return new Client({
    url: options.url ?? "/graphql",
    fetch: options.fetch,
    // POST keeps queries (and what they ask about) out of URLs, logs and caches.
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      mapExchange({
        onOperation(operation) {
          // Each request carries the token current when it leaves, and remembers it.
          const sent = currentToken();
          const headers: Record<string, string> = sent ? { Authorization: `Bearer ${sent}` } : {};
          return makeOperation(operation.kind, operation, {
            ...operation.context,
            fetchOptions: { headers },
            sentToken: sent,
          });
        },
        onError(error, operation) {
          const sent = operation.context.sentToken as string | null | undefined;
          // A refusal of a token already replaced (a request in flight during a password
          // change) says nothing about the session now.
          if (sent && sent === currentToken() && isUnauthenticated(error)) {
            options.onUnauthenticated?.(describeError(error).message);
          }
        },
      }),
      fetchExchange,
    ],
  });
}
