// Authors a migration for the changes made to prisma/schema.prisma since the last commit:
// `npm run migration:new -- add_run_labels`. Prisma's JS schema engine cannot diff against a
// database here, so this diffs the committed schema file against the working one; review the SQL
// (and add what Prisma cannot express, like partial unique indexes) before committing both.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run migration:new -- <snake_case_name>");
  process.exit(2);
}
const previous = join(mkdtempSync(join(tmpdir(), "runyard-migration-")), "schema.prisma");
writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  // The query-engine library is never loaded (engineType = "client"); Prisma only checks it exists.
  { encoding: "utf8", env: { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: "package.json" } },
);
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "migration.sql"), sql);
console.log(`wrote ${join(dir, "migration.sql")}`);
