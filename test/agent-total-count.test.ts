// An agent's token sees only its own runs: runs(companyId) and every nested connection of runs
// (Company.runs, Issue.runs, Environment.runs, Workspace.runs) list and count only those, so
// rows and totalCount share one rule (resolvers/auth.ts ownRunsFilter).
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApp, type TestApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql } from "./support/graphql-client.js";
import { seedCompany, startRun } from "./support/fixtures.js";

let db: TestDatabase;
let A: TestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  A = await startApp({ databaseUrl: db.url, redisUrl: null });
});

afterAll(async () => {
  await A?.stop();
  await db?.drop();
});

it("an agent's token counts only its own runs, on every connection of runs", async () => {
  const seed = await seedCompany(A.url, { company: "counts", agents: ["mine", "other"], issue: "shared", environment: { capacity: 2 } });
  const [mine, other] = seed.agents as [(typeof seed.agents)[0], (typeof seed.agents)[0]];
  await startRun(A.url, mine, { issueId: seed.issueId, environmentId: seed.environmentId });
  await startRun(A.url, other, { issueId: seed.issueId, environmentId: seed.environmentId });

  const top = await gql<{ runs: { totalCount: number } }>(A.url, mine.token, `query($c: ID!) { runs(companyId: $c) { totalCount } }`, { c: seed.companyId });
  expect(top.data?.runs.totalCount).toBe(1);

  const nested = await gql<{ company: { runs: { totalCount: number } }; issue: { runs: { totalCount: number } } }>(
    A.url,
    mine.token,
    `query($c: ID!, $i: ID!) {
      company: node(id: $c) { ... on Company { runs { totalCount } } }
      issue: node(id: $i) { ... on Issue { runs { totalCount } } }
    }`,
    { c: seed.companyId, i: seed.issueId },
  );
  expect(nested.data?.company.runs.totalCount).toBe(1);
  expect(nested.data?.issue.runs.totalCount).toBe(1);
});
