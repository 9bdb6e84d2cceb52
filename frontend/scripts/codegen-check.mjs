#!/usr/bin/env node
/**
 * `npm run codegen:check`: fails when the committed generated GraphQL types are not what
 * api/schema.graphql and the documents in src/ give (GraphQL Code Generator's `--check`, which
 * writes nothing), or when a document no longer fits the schema. Offline; a few seconds.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const cliPackage = require.resolve("@graphql-codegen/cli/package.json");
const bin = join(dirname(cliPackage), require(cliPackage).bin["graphql-codegen"]);

const run = spawnSync(process.execPath, [bin, "--config", "codegen.ts", "--check"], {
  cwd: root,
  encoding: "utf8",
  env: { ...process.env, NO_COLOR: "1" },
});

const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
if (run.error) {
  console.error(`codegen:check: could not run GraphQL Code Generator: ${run.error.message}`);
  process.exit(1);
}
if (run.status === 0) {
  console.log("codegen:check: src/lib/graphql/generated/ matches api/schema.graphql and the documents.");
  process.exit(0);
}

const stale = /stale files were detected/i.test(output);
// The task list is noise; keep what says what went wrong.
const detail = output
  .split("\n")
  .filter((line) => !/^\s*[❯✔]/.test(line))
  .join("\n")
  .trim();
console.error(detail);
console.error(
  stale
    ? [
        "",
        "codegen:check: the generated GraphQL types are out of date: api/schema.graphql or a document in",
        "src/ changed since src/lib/graphql/generated/ was written. Run `npm run codegen`, fix what",
        "`npm run typecheck` then reports, and commit the generated file with the change.",
      ].join("\n")
    : [
        "",
        "codegen:check: GraphQL Code Generator failed (above): a document does not fit",
        "api/schema.graphql, or the configuration (codegen.ts) is wrong.",
      ].join("\n"),
);
process.exit(run.status || 1);
