/**
 * Sends a GraphQL request with files (the multipart request spec) and reads the answer the way
 * urql would, so callers get the same `CombinedError` → `Problem` wording as everywhere else.
 *
 * The bearer token goes with it: the server refuses multipart requests that carry neither an
 * Authorization nor an Apollo-Require-Preflight header (a guard against cross-site posts).
 */
import { CombinedError, getOperationName, stringifyDocument, type TypedDocumentNode } from "@urql/core";

import { readToken } from "./auth-storage";
import { buildMultipartBody } from "./multipart";

export interface UploadResult<Data> {
  data: Data | null;
  error: CombinedError | null;
}

export async function sendMultipart<Data, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  options: { url?: string; fetch?: typeof fetch; token?: string | null } = {},
): Promise<UploadResult<Data>> {
  const token = options.token === undefined ? readToken() : options.token;
  const body = buildMultipartBody({
    query: stringifyDocument(document),
    variables,
    operationName: getOperationName(document) ?? undefined,
  });
  const headers: Record<string, string> = { Accept: "application/graphql-response+json, application/json" };
  if (token) headers["Authorization"] = `Bearer ${token}`;
  else headers["Apollo-Require-Preflight"] = "true";
  const send = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await send(options.url ?? "/graphql", { method: "POST", body, headers });
  } catch (cause) {
    return { data: null, error: new CombinedError({ networkError: cause as Error }) };
  }
  type Body = { data?: Data | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  let json: Body | null;
  try {
    json = (await response.json()) as Body;
  } catch {
    json = null;
  }
  if (!response.ok && !json?.errors?.length) {
    return {
      data: null,
      error: new CombinedError({ networkError: new Error(response.statusText || `HTTP ${response.status}`), response }),
    };
  }
  if (json?.errors?.length) {
    return { data: json.data ?? null, error: new CombinedError({ graphQLErrors: json.errors, response }) };
  }
  return { data: json?.data ?? null, error: null };
}
