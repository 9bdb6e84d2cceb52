import { describe, expect, it } from "vitest";

import { buildMultipartBody, extractFiles } from "./multipart";

const QUERY = "mutation($input: CreatePostInput!) { createPost(input: $input) { post { id } } }";

function jpeg(name: string): File {
  return new File([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], name, { type: "image/jpeg" });
}

describe("multipart request body", () => {
  it("replaces files by null and records their paths", () => {
    const a = jpeg("a.jpg");
    const b = jpeg("b.jpg");
    const { clone, files } = extractFiles({ input: { images: [a, b], caption: "Hi #ootd", tags: [] } });
    expect(clone).toEqual({ input: { images: [null, null], caption: "Hi #ootd", tags: [] } });
    expect(files.map((f) => f.path)).toEqual(["variables.input.images.0", "variables.input.images.1"]);
    expect(files[0]?.file).toBe(a);
  });

  it("puts operations, then map, then one part per file", () => {
    const a = jpeg("look-1.jpg");
    const b = jpeg("look-2.jpg");
    const body = buildMultipartBody({
      query: QUERY,
      variables: { input: { images: [a, b], caption: "Linen #ootd", productTags: [{ x: 0.5 }] } },
      operationName: "CreatePost",
    });
    const keys = Array.from(body.keys());
    expect(keys).toEqual(["operations", "map", "0", "1"]);
    const operations = JSON.parse(String(body.get("operations")));
    expect(operations).toEqual({
      query: QUERY,
      operationName: "CreatePost",
      variables: { input: { images: [null, null], caption: "Linen #ootd", productTags: [{ x: 0.5 }] } },
    });
    expect(JSON.parse(String(body.get("map")))).toEqual({
      "0": ["variables.input.images.0"],
      "1": ["variables.input.images.1"],
    });
    const first = body.get("0") as File;
    expect(first.name).toBe("look-1.jpg");
    expect(first.type).toBe("image/jpeg");
  });

  it("sends a single file at a non-list position", () => {
    const feed = new File(["sku,title\n"], "feed.csv", { type: "text/csv" });
    const body = buildMultipartBody({ query: "mutation($input: ImportProductsInput!) { x }", variables: { input: { file: feed, format: null } } });
    expect(JSON.parse(String(body.get("map")))).toEqual({ "0": ["variables.input.file"] });
    expect(JSON.parse(String(body.get("operations"))).variables).toEqual({ input: { file: null, format: null } });
  });

  it("sends an empty map when there are no files", () => {
    const body = buildMultipartBody({ query: "{ me { id } }", variables: { n: 1 } });
    expect(JSON.parse(String(body.get("map")))).toEqual({});
    expect(Array.from(body.keys())).toEqual(["operations", "map"]);
  });
});
