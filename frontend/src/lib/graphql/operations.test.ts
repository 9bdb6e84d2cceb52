import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { buildSchema, parse, print, validate } from "graphql";
import { describe, expect, it } from "vitest";

import { MODELS } from "../reports";
import * as admin from "./admin";
import * as commerce from "./commerce";
import * as drops from "./drops";
import * as accounts from "./operations";
import * as posts from "./posts";
import * as reports from "./reports";
import * as trends from "./trends";
import { MARKETS, ROLES } from "./types";

// The schema the API exports (`trendloop export-schema`); the app must speak exactly it.
// npm runs the tests from frontend/, beside api/.
const schemaPath = resolve(process.cwd(), "..", "api", "schema.graphql");
const schema = buildSchema(readFileSync(schemaPath, "utf8"));

// Every module of documents the app sends; a new module is added here.
const MODULES: Record<string, Record<string, unknown>> = { accounts, posts, commerce, reports, trends, drops, admin };

type Definitions = { definitions: { kind: string; name?: { value: string } }[] };

// An operation's document; a module's shared fragments are checked inside the operations using them.
const isDocument = (value: unknown) =>
  typeof value === "object" &&
  value !== null &&
  "definitions" in value &&
  (value as Definitions).definitions.some((d) => d.kind === "OperationDefinition");

const documents = Object.entries(MODULES).flatMap(([module, exports]) =>
  Object.entries(exports)
    .filter(([, value]) => isDocument(value))
    .map(([name, value]) => [`${module}.${name}`, value] as const),
);

describe("GraphQL documents", () => {
  it("are all checked", () => {
    for (const [module, exports] of Object.entries(MODULES)) {
      expect(Object.values(exports).filter(isDocument).length, module).toBeGreaterThan(0);
    }
    expect(documents.map(([name]) => name)).toContain("accounts.MeQuery");
    // Operation names are unique across modules (urql and the server logs key on them).
    const names = documents.map(([, document]) => {
      const definition = (document as Definitions).definitions.find((d) => d.kind === "OperationDefinition");
      return definition?.name?.value;
    });
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(documents)("%s is valid against api/schema.graphql", (_name, document) => {
    // Re-parse the printed text so graphql-js validates its own AST, not urql's.
    const ast = parse(print(document as Parameters<typeof print>[0]));
    const errors = validate(schema, ast).map((error) => error.message);
    expect(errors).toEqual([]);
  });

  // The pickers' lists are typed against the generated enums (tsc fails on a missing or unknown
  // value); this also keeps them in the schema's order where the app shows them in it.
  it("list the schema's enums", () => {
    const values = (name: string) => {
      const type = schema.getType(name);
      if (!type || !("getValues" in type)) throw new Error(`${name} is not an enum`);
      return type.getValues().map((value) => value.name);
    };
    expect(values("Role")).toEqual([...ROLES]);
    expect(values("Market")).toEqual([...MARKETS]);
    const sorted = (list: readonly string[]) => [...list].sort();
    expect(sorted(values("AttributionModel"))).toEqual(sorted(MODELS));
    expect(sorted(values("ElementKind"))).toEqual(sorted(trends.ELEMENT_KINDS));
    expect(sorted(values("TrendState"))).toEqual(sorted(trends.TREND_STATES));
    expect(sorted(values("ModerationDecision"))).toEqual(sorted(admin.MODERATION_DECISIONS));
    expect(sorted(values("AdjustmentReason"))).toEqual(sorted(admin.ADJUSTMENT_REASONS));
  });
});
