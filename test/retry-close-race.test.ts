// A run that FAILs while its issue is being closed is not retried: no QUEUED run on a closed
// issue (with an archived workspace) for claimNextRun to hand out. Retries share-lock the ended
// runs' issues (prisma/sql/lock-issues-of-runs.ts), so an updateIssue(status: DONE) in flight is
// waited for and then seen, as a wake's own share lock makes it for wakes.
//
// The interleaving is forced, not hoped for: a third session holds the issue's OPEN workspace row
// lock, so the updateIssue parks in archiveIdleWorkspaces (lockOpenWorkspace) with DONE set and
// closeIssue run, uncommitted, while finishRun ends the run and comes to queue its retry (without
// the issue lock it queued it then, and parked on the workspace too). Then the lock is let go.
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApp, type TestApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql, gqlData } from "./support/graphql-client.js";
import { claimRun, createAgent, createCompany, createEnvironment, createIssue, startRun } from "./support/fixtures.js";
import { TEST_ADMIN_TOKEN } from "./support/server-process.js";

let db: TestDatabase;
let sql: pg.Client;
let A: TestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  A = await startApp({ databaseUrl: db.url, env: { RUNYARD_DB_POOL_SIZE: "6" } });
});

afterAll(async () => {
  await A?.stop();
  await sql?.end();
  await db?.drop();
});

const uuidOf = (gid: string) => decodeGlobalID(gid).id;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForLockWaiters(n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0].n >= n) return;
    await sleep(25);
  }
  throw new Error(`fewer than ${n} sessions waiting on a lock`);
}

it("a run that fails while its issue is closed queues no retry on the closed issue", async () => {
  const companyId = await createCompany(A.url, "close-race");
  const environmentId = (await createEnvironment(A.url, companyId, { capacity: 5 })).id;
  const agent = await createAgent(A.url, companyId, { name: "retrier" });
  await gqlData(A.url, TEST_ADMIN_TOKEN, `mutation($input: UpdateAgentInput!) { updateAgent(input: $input) { id } }`, {
    input: { id: agent.id, retryPolicy: { maxAttempts: 3, initialBackoffSeconds: 0, maxBackoffSeconds: 0 } },
  });
  const issueId = await createIssue(A.url, companyId, "closing");
  const run = await startRun(A.url, agent, { issueId, environmentId });
  await claimRun(A.url, agent.token, run.id, { runnerId: "r1", pid: 11 });

  // Park both transactions at their workspace lock.
  const holder = new pg.Client({ connectionString: db.url });
  await holder.connect();
  await holder.query("BEGIN");
  await holder.query(`SELECT 1 FROM "Workspace" WHERE "id" = $1 FOR UPDATE`, [uuidOf(run.workspace.id)]);
  const closing = gql(A.url, TEST_ADMIN_TOKEN, `mutation($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }`, {
    input: { id: issueId, status: "DONE" },
  });
  await waitForLockWaiters(1);
  const failing = gql(A.url, agent.token, `mutation($input: FinishRunInput!) { finishRun(input: $input) { id status retriedBy { id } notRetriedReason } }`, {
    input: { runId: run.id, status: "FAILED", exitCode: 1 },
  });
  await waitForLockWaiters(2);
  await holder.query("COMMIT");
  await holder.end();
  const [closed, failed] = await Promise.all([closing, failing]);
  expect(closed.errors).toBeUndefined();
  expect(failed.errors).toBeUndefined();

  const { rows } = await sql.query(
    `SELECT r."id", r."status", w."status" AS "workspaceStatus" FROM "Run" r JOIN "Workspace" w ON w."id" = r."workspaceId"
     WHERE r."issueId" = $1 AND r."status" = 'QUEUED'`,
    [uuidOf(issueId)],
  );
  // The contract: "a closed issue takes no runs". Today: one QUEUED retry, its workspace ARCHIVED.
  expect.soft(rows).toEqual([]);

  // And it is handed to a runner: claimNextRun does not look at the issue's status.
  const claimed = await gql<{ claimNextRun: { run: { id: string } } | null }>(
    A.url,
    agent.token,
    `mutation($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id } } }`,
    { input: { runnerId: "r2", pid: 12 } },
  );
  expect(claimed.data?.claimNextRun).toBeNull();
});
