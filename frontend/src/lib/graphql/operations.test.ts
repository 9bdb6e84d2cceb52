import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { buildSchema, parse, print, validate } from "graphql";
import { describe, expect, it } from "vitest";

import * as operations from "./operations";
import { MARKETS, ROLES } from "./types";

// The schema the API exports (`trendloop export-schema`); the app must speak exactly it.
// npm runs the tests from frontend/, beside api/.
const schemaPath = resolve(process.cwd(), "..", "api", "schema.graphql");
const schema = buildSchema(readFileSync(schemaPath, "utf8"));

const documents = Object.entries(operations).filter(
  ([, value]) => typeof value === "object" && value !== null && "kind" in value,
);

describe("GraphQL documents", () => {
  it("are all checked", () => {
    expect(documents.map(([name]) => name).sort()).toEqual(
      ["LogInMutation", "MeQuery", "SetUserRoleMutation", "SignUpMutation", "UpdateProfileMutation", "UsersQuery"].sort(),
    );
  });

  it.each(documents)("%s is valid against api/schema.graphql", (_name, document) => {
    // Re-parse the printed text so graphql-js validates its own AST, not urql's.
    const ast = parse(print(document as Parameters<typeof print>[0]));
    const errors = validate(schema, ast).map((error) => error.message);
    expect(errors).toEqual([]);
  });

  it("use the same roles and markets as the schema's enums", () => {
    const values = (name: string) => {
      const type = schema.getType(name);
      if (!type || !("getValues" in type)) throw new Error(`${name} is not an enum`);
      return type.getValues().map((value) => value.name);
    };
    expect(values("Role")).toEqual([...ROLES]);
    expect(values("Market")).toEqual([...MARKETS]);
  });
});
