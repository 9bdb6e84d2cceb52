/**
 * The GraphQL multipart request spec, as `createPost` and `importProducts` expect it: an
 * `operations` part (the JSON request with every file replaced by null), a `map` part (which
 * file goes where), then one part per file, named by its key in the map.
 */

export interface ExtractedFile {
  /** Dotted path inside `operations`, e.g. "variables.input.images.0". */
  path: string;
  file: Blob;
}

function isFile(value: unknown): value is Blob {
  return typeof Blob !== "undefined" && value instanceof Blob;
}

/**
 * A copy of `value` with each Blob/File replaced by null, and where each one was.
 * Plain objects and arrays are walked; anything else is kept as it is.
 */
export function extractFiles(value: unknown, path = "variables"): { clone: unknown; files: ExtractedFile[] } {
  const files: ExtractedFile[] = [];
  function walk(node: unknown, at: string): unknown {
    if (isFile(node)) {
      files.push({ path: at, file: node });
      return null;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${at}.${index}`));
    if (node !== null && typeof node === "object" && Object.getPrototypeOf(node) === Object.prototype) {
      return Object.fromEntries(
        Object.entries(node as Record<string, unknown>).map(([key, item]) => [key, walk(item, `${at}.${key}`)]),
      );
    }
    return node;
  }
  const clone = walk(value, path);
  return { clone, files };
}

export interface MultipartRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

/** The request as FormData, parts in the order the spec requires. */
export function buildMultipartBody(request: MultipartRequest): FormData {
  const { clone, files } = extractFiles(request.variables);
  const operations = {
    query: request.query,
    variables: clone,
    ...(request.operationName ? { operationName: request.operationName } : {}),
  };
  const map: Record<string, string[]> = {};
  files.forEach(({ path }, index) => {
    map[String(index)] = [path];
  });
  const body = new FormData();
  body.append("operations", JSON.stringify(operations));
  body.append("map", JSON.stringify(map));
  files.forEach(({ file }, index) => {
    const name = file instanceof File ? file.name : `upload-${index}`;
    body.append(String(index), file, name);
  });
  return body;
}
