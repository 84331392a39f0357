// Review finding: an agent's token sees only its own runs (Run's authScopes runActor; runs(companyId)
// forces agentId through runsWhere, rows and totalCount alike), but the related connections
// Company.runs, Issue.runs, Environment.runs and Workspace.runs count every run of the company:
// their totalCount tells an agent's token how many runs the other agents have, while their edges
// come back null/FORBIDDEN for the same runs. Rows and counts do not share one rule there.
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
  // Today both say 2: the other agent's run is counted.
  expect.soft(nested.data?.company.runs.totalCount).toBe(1);
  expect.soft(nested.data?.issue.runs.totalCount).toBe(1);
});
