/**
 * What went wrong with a GraphQL request, in words a person can act on.
 *
 * Query errors arrive as GraphQL errors with `extensions.code` (UNAUTHENTICATED, FORBIDDEN,
 * NOT_FOUND, INTERNAL, BUSY, ...) or as a network error (no answer, a proxy's HTML error page, a 413).
 * BUSY comes with a 503: the server is at capacity and the same request will work shortly.
 * Mutation input problems are not errors here: they come back as payload data (see form-errors).
 */
import type { CombinedError } from "@urql/core";

export type ProblemKind =
  | "offline"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "too-large"
  | "rate-limited"
  | "busy"
  | "rejected"
  | "server"
  | "client";

export interface Problem {
  kind: ProblemKind;
  /** Sentence for the person using the app. */
  message: string;
  /** Whether trying the same thing again may help. */
  retryable: boolean;
}

const MESSAGES: Record<ProblemKind, string> = {
  offline: "Can't reach Trendloop. Check your connection and try again.",
  unauthenticated: "Your session has ended. Log in again.",
  forbidden: "Your account can't open this.",
  "not-found": "This doesn't exist any more.",
  "too-large": "That is too large to send. Try a smaller file.",
  "rate-limited": "Too many attempts. Wait a few minutes and try again.",
  busy: "Trendloop is busy right now. Try again in a few seconds.",
  rejected: "The server turned this request down.",
  server: "Something went wrong on our side. Try again in a moment.",
  client: "This page asked for something the server didn't understand. Reload the page.",
};

function codeOf(extensions: Record<string, unknown> | undefined): string | null {
  const code = extensions?.["code"];
  return typeof code === "string" ? code : null;
}

function statusOf(error: CombinedError): number | null {
  const response: unknown = error.response;
  if (response && typeof response === "object" && "status" in response) {
    const status = (response as { status: unknown }).status;
    return typeof status === "number" ? status : null;
  }
  return null;
}

function fromStatus(status: number | null): ProblemKind {
  if (status === null || status === 0) return "offline";
  if (status === 401) return "unauthenticated";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 413) return "too-large";
  if (status === 429) return "rate-limited";
  if (status >= 500) return "server";
  return "client";
}

function fromCode(code: string | null): ProblemKind | null {
  switch (code) {
    case "UNAUTHENTICATED":
      return "unauthenticated";
    case "FORBIDDEN":
      return "forbidden";
    case "NOT_FOUND":
      return "not-found";
    case "RATE_LIMITED":
    case "QUERY_BUDGET_EXHAUSTED": // this minute's query budget is spent: says when to retry
      return "rate-limited";
    case "BUSY":
      return "busy";
    case "INTERNAL":
      return "server";
    default:
      return null;
  }
}

/** The server's own sentence is shown for the kinds whose text is written for people. */
const SERVER_WORDED: ReadonlySet<ProblemKind> = new Set([
  "unauthenticated",
  "forbidden",
  "not-found",
  "rate-limited",
  "rejected",
]);

export function describeError(error: CombinedError): Problem {
  if (error.networkError) {
    const kind = fromStatus(statusOf(error));
    return { kind, message: MESSAGES[kind], retryable: isRetryable(kind) };
  }
  const first = error.graphQLErrors[0];
  const code = codeOf(first?.extensions);
  // Any other code is an expected problem the API words for people (an invalid argument...);
  // no code at all means GraphQL itself refused the document, which is the app's fault.
  const kind = fromCode(code) ?? (code !== null ? "rejected" : "client");
  const message = SERVER_WORDED.has(kind) && first?.message ? first.message : MESSAGES[kind];
  return { kind, message, retryable: isRetryable(kind) };
}

function isRetryable(kind: ProblemKind): boolean {
  return kind === "offline" || kind === "server" || kind === "rate-limited" || kind === "busy";
}

/** True when the error says the bearer token was refused (expired, forged, account gone). */
export function isUnauthenticated(error: CombinedError): boolean {
  if (error.networkError) return statusOf(error) === 401;
  return error.graphQLErrors.some((e) => codeOf(e.extensions) === "UNAUTHENTICATED");
}
