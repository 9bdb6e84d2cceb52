/**
 * The app's GraphQL client: urql over fetch, with the bearer token attached to every request
 * and a hook for the moment the server stops accepting that token.
 *
 * One client per token: signing in or out builds a new client, so nothing one account fetched
 * is ever served from cache to another.
 */
import { Client, cacheExchange, fetchExchange, mapExchange } from "@urql/core";

import { describeError, isUnauthenticated } from "./errors";

export interface GraphqlClientOptions {
  /** Bearer token sent with every request, or null when signed out. */
  token: string | null;
  /** Endpoint; the app is served by the same origin as the API. */
  url?: string;
  /** Called for each failed request whose token the server refused (expired, forged...). */
  onUnauthenticated?: (message: string) => void;
  /** Injected in tests; the browser's fetch otherwise. */
  fetch?: typeof fetch;
}

export function createGraphqlClient(options: GraphqlClientOptions): Client {
  const { token } = options;
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  return new Client({
    url: options.url ?? "/graphql",
    fetch: options.fetch,
    fetchOptions: { headers },
    // POST keeps queries (and what they ask about) out of URLs, logs and caches.
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (token && isUnauthenticated(error)) {
            options.onUnauthenticated?.(describeError(error).message);
          }
        },
      }),
      fetchExchange,
    ],
  });
}
