// Update and delete of environments and agents (issue 13 item 5) across two in-process replicas on
// one PostgreSQL and Redis: a capacity is never lowered under a live lease (the lease count stays
// within the capacity in force while grants race the change), and a soft delete leaves no QUEUED
// or RUNNING run behind it, whatever wakes, grants and claims race it.
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { startApp, type TestApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql, gqlData, type GqlError } from "./support/graphql-client.js";
import { AcquireLease, ClaimRun, FinishRun, ReleaseLease, createAgent, createCompany, createEnvironment, createIssue, type Agent } from "./support/fixtures.js";
import { reportInternalErrorsAfterEach, TEST_ADMIN_TOKEN } from "./support/server-process.js";

const UpdateEnvironment = graphql(`
  mutation LfcUpdateEnvironment($input: UpdateEnvironmentInput!) {
    updateEnvironment(input: $input) { id name capacity config providerKey deletedAt }
  }
`);
const DeleteEnvironment = graphql(`
  mutation LfcDeleteEnvironment($input: DeleteEnvironmentInput!) { deleteEnvironment(input: $input) { id deletedAt } }
`);
const DeleteAgent = graphql(`
  mutation LfcDeleteAgent($input: DeleteAgentInput!) { deleteAgent(input: $input) { id deletedAt } }
`);
const CreateOperatorToken = graphql(`
  mutation LfcCreateOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }
`);
const WakeAgent = graphql(`
  mutation LfcWakeAgent($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id status } } }
`);
const StartRun = graphql(`
  mutation LfcStartRun($input: StartRunInput!) { startRun(input: $input) { id } }
`);
const CreateSchedule = graphql(`
  mutation LfcCreateSchedule($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }
`);
const UpdateAgent = graphql(`
  mutation LfcUpdateAgent($input: UpdateAgentInput!) { updateAgent(input: $input) { id defaultEnvironment { id } } }
`);
const ClaimNextRun = graphql(`
  mutation LfcClaimNextRun($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id } } }
`);
const Heartbeat = graphql(`
  mutation LfcHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }
`);
const Listed = graphql(`
  query LfcListed($companyId: ID!) {
    environments(companyId: $companyId, first: 100) { totalCount edges { node { id } } }
    node(id: $companyId) {
      __typename
      ... on Company {
        environments(first: 100) { totalCount edges { node { id } } }
        agents(first: 100) { totalCount edges { node { id } } }
      }
    }
  }
`);
const Node = graphql(`
  query LfcNode($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Environment { deletedAt runs(first: 10) { edges { node { id status error } } } }
      ... on Agent { deletedAt runs(first: 10) { edges { node { id status error cancelRequestedAt } } } }
    }
  }
`);

let db: TestDatabase;
let sql: pg.Client;
let A: TestApp;
let B: TestApp;
let companyId: string;
/** Where the runs that hold leases elsewhere are queued: acquireLease takes any live run of the company. */
let homeEnvironmentId: string;

const uuidOf = (globalId: string): string => decodeGlobalID(globalId).id;
const codeOf = (errors: readonly GqlError[] | undefined) => errors?.[0]?.extensions?.code;
const fieldOf = (errors: readonly GqlError[] | undefined) => errors?.[0]?.extensions?.field;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  [A, B] = await Promise.all([startApp({ databaseUrl: db.url }), startApp({ databaseUrl: db.url })]);
  companyId = await createCompany(A.url, "lifecycle");
  homeEnvironmentId = (await createEnvironment(A.url, companyId, { name: "home", capacity: 100 })).id;
});

reportInternalErrorsAfterEach(() => [A, B].filter(Boolean));

afterAll(async () => {
  await Promise.all([A, B].filter(Boolean).map((server) => server.stop()));
  await sql?.end();
  await db?.drop();
});

/** `count` QUEUED runs of a fresh agent in the home environment, one issue each. */
async function queuedRuns(name: string, count: number): Promise<{ agent: Agent; runIds: string[] }> {
  const agent = await createAgent(A.url, companyId, { name });
  const runIds = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const issueId = await createIssue(A.url, companyId, `${name} ${i}`);
      const { wakeAgent } = await gqlData(A.url, TEST_ADMIN_TOKEN, WakeAgent, { input: { agentId: agent.id, issueId, environmentId: homeEnvironmentId } });
      return wakeAgent.run.id;
    }),
  );
  return { agent, runIds };
}

async function slotRows(environmentId: string): Promise<number[]> {
  const { rows } = await sql.query(`SELECT "slot" FROM "EnvironmentSlot" WHERE "environmentId" = $1 ORDER BY "slot"`, [uuidOf(environmentId)]);
  return rows.map((r) => r.slot);
}

describe("updateEnvironment", () => {
  it("changes name, config and capacity (fields left out stay); refuses bad input, other companies and agents", async () => {
    const environment = await createEnvironment(A.url, companyId, { name: "editable", capacity: 2, config: { image: "a" } });
    const renamed = await gqlData(A.url, TEST_ADMIN_TOKEN, UpdateEnvironment, { input: { id: environment.id, name: "edited" } });
    expect(renamed.updateEnvironment).toMatchObject({ name: "edited", capacity: 2, config: { image: "a" }, providerKey: "local", deletedAt: null });
    const raised = await gqlData(B.url, TEST_ADMIN_TOKEN, UpdateEnvironment, { input: { id: environment.id, capacity: 5, config: { image: "b" } } });
    expect(raised.updateEnvironment).toMatchObject({ name: "edited", capacity: 5, config: { image: "b" } });
    expect(await slotRows(environment.id)).toEqual([0, 1, 2, 3, 4]);

    for (const [input, field] of [
      [{ capacity: 0 }, "capacity"],
      [{ capacity: 10_001 }, "capacity"],
      [{ name: "  " }, "name"],
      [{ config: { bad: "\u0000" } }, "config"],
    ] as const) {
      const refused = await gql(A.url, TEST_ADMIN_TOKEN, UpdateEnvironment, { input: { id: environment.id, ...input } });
      expect([codeOf(refused.errors), fieldOf(refused.errors)]).toEqual(["BAD_USER_INPUT", field]);
    }
    const providerChange = await gql(A.url, TEST_ADMIN_TOKEN, `mutation { updateEnvironment(input: { id: "${environment.id}", providerKey: "other" }) { id } }`);
    expect(providerChange.errors?.length).toBeGreaterThan(0);

    const otherCompany = await createCompany(A.url, "lifecycle-other");
    const { createOperatorToken } = await gqlData(A.url, TEST_ADMIN_TOKEN, CreateOperatorToken, { input: { companyId: otherCompany, name: "other op" } });
    const foreign = await gql(A.url, createOperatorToken.token, UpdateEnvironment, { input: { id: environment.id, capacity: 1 } });
    expect(codeOf(foreign.errors)).toBe("NOT_FOUND");
    const foreignDelete = await gql(A.url, createOperatorToken.token, DeleteEnvironment, { input: { id: environment.id } });
    expect(codeOf(foreignDelete.errors)).toBe("NOT_FOUND");
    const agent = await createAgent(A.url, companyId, { name: "not an operator" });
    const byAgent = await gql(A.url, agent.token, UpdateEnvironment, { input: { id: environment.id, capacity: 1 } });
    expect(codeOf(byAgent.errors)).toBe("FORBIDDEN");
    expect((await gqlData(A.url, TEST_ADMIN_TOKEN, UpdateEnvironment, { input: { id: environment.id } })).updateEnvironment.capacity).toBe(5);
  });

  it("lowering is refused while a live lease holds a removed slot, naming it, and allowed once it is released", async () => {
    const environment = await createEnvironment(A.url, companyId, { name: "lowered", capacity: 3 });
    const { agent, runIds } = await queuedRuns("lowering", 3);
    const leases = [];
    for (const runId of runIds) {
      leases.push((await gqlData(A.url, agent.token, AcquireLease, { input: { environmentId: environment.id, runId, ttlSeconds: 600 } })).acquireLease);
    }
    expect(leases.map((l) => l.slot)).toEqual([0, 1, 2]);
    const refused = await gql(B.url, TEST_ADMIN_TOKEN, UpdateEnvironment, { input: { id: environment.id, capacity: 1 } });
    expect([codeOf(refused.errors), fieldOf(refused.errors)]).toEqual(["BAD_USER_INPUT", "capacity"]);
    expect(refused.errors![0]!.message).toMatch(/slots 1, 2;.*once they are released/);
    expect(refused.errors![0]!.extensions).toMatchObject({ heldSlots: [1, 2] });
    expect(await slotRows(environment.id)).toEqual([0, 1, 2]);

    // An overdue lease on a removed slot does not hold it: the lowering sweeps it.
    await sql.query(`UPDATE "Lease" SET "expiresAt" = now() - interval '1 second' WHERE "id" = $1`, [uuidOf(leases[2]!.id)]);
    await gqlData(A.url, agent.token, ReleaseLease, { input: { leaseId: leases[1]!.id, fencingToken: leases[1]!.fencingToken } });
    const lowered = await gqlData(B.url, TEST_ADMIN_TOKEN, UpdateEnvironment, { input: { id: environment.id, capacity: 1 } });
    expect(lowered.updateEnvironment.capacity).toBe(1);
    expect(await slotRows(environment.id)).toEqual([0]);
    const { rows } = await sql.query(`SELECT "status" FROM "Lease" WHERE "id" = $1`, [uuidOf(leases[2]!.id)]);
    expect(rows[0].status).toBe("EXPIRED");
    // The environment is full at its new capacity.
    const full = await gql(A.url, agent.token, AcquireLease, { input: { environmentId: environment.id, runId: runIds[1]!, ttlSeconds: 600 } });
    expect(codeOf(full.errors)).toBe("LEASE_UNAVAILABLE");
  });

  it("capacity lowered and raised while grants race on two replicas: live leases never exceed the capacity in force", async () => {
    const MAX_CAPACITY = 4;
    const CONTENDERS = 10;
    const CHANGES = 40;
    const environment = await createEnvironment(A.url, companyId, { name: "churn", capacity: MAX_CAPACITY });
    const environmentId = uuidOf(environment.id);
    const { agent, runIds } = await queuedRuns("churn", CONTENDERS);
    let stop = false;
    let grants = 0;
    const unexpected: string[] = [];
    const contend = async (server: TestApp, runId: string) => {
      while (!stop) {
        const got = await gql(server.url, agent.token, AcquireLease, { input: { environmentId: environment.id, runId, ttlSeconds: 600 } });
        const lease = got.data?.acquireLease;
        if (lease) {
          grants++;
          await sleep(Math.random() * 8);
          const released = await gql(server.url, agent.token, ReleaseLease, { input: { leaseId: lease.id, fencingToken: lease.fencingToken } });
          if (released.errors) unexpected.push(`release: ${JSON.stringify(released.errors)}`);
        } else if (codeOf(got.errors) !== "LEASE_UNAVAILABLE") unexpected.push(`acquire: ${JSON.stringify(got.errors)}`);
        await sleep(Math.random() * 12);
      }
    };
    // One statement per sample, so the capacity and the leases are read in one snapshot.
    const violations: string[] = [];
    let samples = 0;
    const sample = async () => {
      while (!stop) {
        const { rows } = await sql.query(
          `SELECT e."capacity", count(l."id")::int AS "live", coalesce(max(l."slot"), -1) AS "top"
           FROM "Environment" e LEFT JOIN "Lease" l ON l."environmentId" = e."id" AND l."status" = 'ACTIVE' AND l."expiresAt" > now()
           WHERE e."id" = $1 GROUP BY e."capacity"`,
          [environmentId],
        );
        samples++;
        const { capacity, live, top } = rows[0];
        if (live > capacity || top >= capacity) violations.push(`capacity ${capacity}: ${live} live, highest slot ${top}`);
      }
    };
    let lowerings = 0;
    let refusals = 0;
    const change = async () => {
      let capacity = MAX_CAPACITY;
      for (let i = 0; i < CHANGES; i++) {
        const target = capacity > 1 && (i % 2 === 0 || capacity === MAX_CAPACITY) ? 1 + Math.floor(Math.random() * (capacity - 1)) : MAX_CAPACITY;
        const result = await gql(i % 2 ? A.url : B.url, TEST_ADMIN_TOKEN, UpdateEnvironment, { input: { id: environment.id, capacity: target } });
        if (result.data?.updateEnvironment) {
          if (target < capacity) {
            lowerings++;
            // Right after a lowering commits: nothing on a removed slot.
            const { rows } = await sql.query(
              `SELECT count(*)::int AS n FROM "Lease" WHERE "environmentId" = $1 AND "status" = 'ACTIVE' AND "slot" >= $2`,
              [environmentId, target],
            );
            if (rows[0].n > 0) violations.push(`after lowering to ${target}: ${rows[0].n} lease(s) on removed slots`);
          }
          capacity = target;
        } else if (codeOf(result.errors) === "BAD_USER_INPUT" && fieldOf(result.errors) === "capacity") {
          refusals++;
          i--;
          await sleep(Math.random() * 5);
        } else unexpected.push(`update: ${JSON.stringify(result.errors)}`);
      }
    };
    const contenders = runIds.map((runId, i) => contend(i % 2 ? A : B, runId));
    const sampler = sample();
    await change();
    stop = true;
    await Promise.all([...contenders, sampler]);
    console.log(`[lifecycle] capacity churn: ${lowerings} lowerings, ${refusals} refused, ${grants} grants, ${samples} samples`);
    expect(unexpected).toEqual([]);
    expect(violations).toEqual([]);
    expect(lowerings).toBeGreaterThanOrEqual(CHANGES / 2 - 1);
    expect(refusals).toBeGreaterThan(0);
    expect(grants).toBeGreaterThan(CHANGES);
    // ~12 s on a quiet machine; a lowering waits for its slots to be free, which a loaded one makes rarer.
  }, 150_000);
});

describe("deleteEnvironment", () => {
  it("refused while a run is RUNNING or a lease ACTIVE; then cancels its queued runs, deletes its schedules, clears defaults, hides it", async () => {
    const environment = await createEnvironment(A.url, companyId, { name: "doomed", capacity: 2 });
    const agent = await createAgent(A.url, companyId, { name: "doomed's", maxConcurrentRuns: 5 });
    await gqlData(A.url, TEST_ADMIN_TOKEN, UpdateAgent, { input: { id: agent.id, defaultEnvironmentId: environment.id } });
    const [runningIssue, queuedIssue] = await Promise.all([createIssue(A.url, companyId, "doomed running"), createIssue(A.url, companyId, "doomed queued")]);
    const running = (await gqlData(A.url, agent.token, StartRun, { input: { agentId: agent.id, issueId: runningIssue } })).startRun;
    const claimed = await gqlData(A.url, agent.token, ClaimRun, { input: { runId: running.id, runnerId: "r", pid: 1 } });
    const queued = (await gqlData(A.url, agent.token, StartRun, { input: { agentId: agent.id, issueId: queuedIssue } })).startRun;
    await gqlData(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { agentId: agent.id, issueId: queuedIssue, intervalSeconds: 3600 } });

    const whileRunning = await gql(B.url, TEST_ADMIN_TOKEN, DeleteEnvironment, { input: { id: environment.id } });
    expect([codeOf(whileRunning.errors), fieldOf(whileRunning.errors)]).toEqual(["BAD_USER_INPUT", "id"]);
    expect(whileRunning.errors![0]!.message).toMatch(/1 RUNNING run/);
    await gqlData(A.url, agent.token, FinishRun, { input: { runId: running.id, status: "SUCCEEDED" } });
    // A lease held by a run of another environment holds this one too.
    const { agent: holder, runIds } = await queuedRuns("doomed holder", 1);
    const lease = (await gqlData(A.url, holder.token, AcquireLease, { input: { environmentId: environment.id, runId: runIds[0]!, ttlSeconds: 600 } })).acquireLease;
    const whileLeased = await gql(B.url, TEST_ADMIN_TOKEN, DeleteEnvironment, { input: { id: environment.id } });
    expect(whileLeased.errors![0]!.message).toMatch(/1 ACTIVE lease/);
    await gqlData(A.url, holder.token, ReleaseLease, { input: { leaseId: lease.id, fencingToken: lease.fencingToken } });
    expect(claimed.claimRun.lease.status).toBe("ACTIVE");

    const before = await gqlData(A.url, TEST_ADMIN_TOKEN, Listed, { companyId });
    const deleted = await gqlData(B.url, TEST_ADMIN_TOKEN, DeleteEnvironment, { input: { id: environment.id } });
    expect(deleted.deleteEnvironment.deletedAt).not.toBeNull();
    const after = await gqlData(A.url, TEST_ADMIN_TOKEN, Listed, { companyId });
    expect(after.environments.totalCount).toBe(before.environments.totalCount - 1);
    expect(after.environments.edges.map((e) => e.node.id)).not.toContain(environment.id);
    const company = after.node?.__typename === "Company" ? after.node : null;
    expect(company?.environments.totalCount).toBe(before.environments.totalCount - 1);
    expect(company?.environments.edges.map((e) => e.node.id)).not.toContain(environment.id);

    // Its history stays readable.
    const node = await gqlData(A.url, TEST_ADMIN_TOKEN, Node, { id: environment.id });
    expect(node.node).toMatchObject({ id: environment.id, deletedAt: deleted.deleteEnvironment.deletedAt });
    const runs = node.node?.__typename === "Environment" ? node.node.runs.edges.map((e) => e.node) : [];
    expect(runs).toEqual(
      expect.arrayContaining([
        { id: queued.id, status: "CANCELLED", error: "environment deleted" },
        { id: running.id, status: "SUCCEEDED", error: null },
      ]),
    );
    const { rows: schedules } = await sql.query(`SELECT 1 FROM "Schedule" WHERE "environmentId" = $1`, [uuidOf(environment.id)]);
    expect(schedules).toEqual([]);
    const { rows: agents } = await sql.query(`SELECT "defaultEnvironmentId" FROM "Agent" WHERE "id" = $1`, [uuidOf(agent.id)]);
    expect(agents[0].defaultEnvironmentId).toBeNull();
    expect(await slotRows(environment.id)).toEqual([]);

    // Everything that names it is NOT_FOUND.
    const issueId = await createIssue(A.url, companyId, "after the delete");
    const named = { agentId: agent.id, issueId, environmentId: environment.id };
    const refusals = await Promise.all([
      gql(A.url, agent.token, WakeAgent, { input: named }),
      gql(B.url, agent.token, StartRun, { input: named }),
      gql(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { ...named, intervalSeconds: 60 } }),
      gql(B.url, TEST_ADMIN_TOKEN, UpdateAgent, { input: { id: agent.id, defaultEnvironmentId: environment.id } }),
      gql(A.url, holder.token, AcquireLease, { input: { environmentId: environment.id, runId: runIds[0]!, ttlSeconds: 60 } }),
      gql(B.url, agent.token, ClaimNextRun, { input: { runnerId: "r", pid: 1, environmentIds: [environment.id] } }),
      gql(A.url, TEST_ADMIN_TOKEN, UpdateEnvironment, { input: { id: environment.id, name: "revived" } }),
      gql(B.url, TEST_ADMIN_TOKEN, DeleteEnvironment, { input: { id: environment.id } }),
    ]);
    expect(refusals.map((r) => codeOf(r.errors))).toEqual(Array(refusals.length).fill("NOT_FOUND"));
  });

  it("wakes racing a delete on two replicas: once it commits, no QUEUED or RUNNING run is in the environment", async () => {
    const ITERATIONS = 25;
    const WAKES = 12;
    const agent = await createAgent(A.url, companyId, { name: "racing waker" });
    const issueIds = await Promise.all(Array.from({ length: WAKES / 2 }, (_, i) => createIssue(A.url, companyId, `racing wake ${i}`)));
    let woken = 0;
    let refused = 0;
    const unexpected: string[] = [];
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const environment = await createEnvironment(A.url, companyId, { name: `raced ${iteration}`, capacity: 1 });
      const wakes = Array.from({ length: WAKES }, async (_, i) => {
        await sleep(Math.random() * 8);
        const result = await gql(i % 2 ? A.url : B.url, TEST_ADMIN_TOKEN, WakeAgent, {
          input: { agentId: agent.id, issueId: issueIds[i % issueIds.length]!, environmentId: environment.id },
        });
        if (result.data) woken++;
        else if (codeOf(result.errors) === "NOT_FOUND") refused++;
        else unexpected.push(JSON.stringify(result.errors));
      });
      await sleep(3 + Math.random() * 10);
      const deleted = await gql(iteration % 2 ? B.url : A.url, TEST_ADMIN_TOKEN, DeleteEnvironment, { input: { id: environment.id } });
      if (deleted.errors) unexpected.push(JSON.stringify(deleted.errors));
      const { rows } = await sql.query(`SELECT "id", "status" FROM "Run" WHERE "environmentId" = $1 AND "status" IN ('QUEUED', 'RUNNING')`, [
        uuidOf(environment.id),
      ]);
      await Promise.all(wakes);
      const { rows: late } = await sql.query(`SELECT "id", "status" FROM "Run" WHERE "environmentId" = $1 AND "status" IN ('QUEUED', 'RUNNING')`, [
        uuidOf(environment.id),
      ]);
      expect({ iteration, atDelete: rows, afterWakes: late }).toEqual({ iteration, atDelete: [], afterWakes: [] });
    }
    console.log(`[lifecycle] wakes vs deleteEnvironment: ${woken} woken (then cancelled), ${refused} refused NOT_FOUND`);
    expect(unexpected).toEqual([]);
    expect(woken).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it("grants racing a delete on two replicas: a delete that commits leaves no ACTIVE lease in the environment", async () => {
    const ITERATIONS = 25;
    const { agent, runIds } = await queuedRuns("racing grants", 6);
    let deletes = 0;
    let refusedDeletes = 0;
    const unexpected: string[] = [];
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const environment = await createEnvironment(A.url, companyId, { name: `grant raced ${iteration}`, capacity: 3 });
      const grants = runIds.map(async (runId, i) => {
        await sleep(10 + Math.random() * 40);
        const result = await gql(i % 2 ? A.url : B.url, agent.token, AcquireLease, { input: { environmentId: environment.id, runId, ttlSeconds: 600 } });
        const code = codeOf(result.errors);
        if (result.errors && code !== "NOT_FOUND" && code !== "LEASE_UNAVAILABLE") unexpected.push(JSON.stringify(result.errors));
      });
      await sleep(Math.random() * 10);
      const deleted = await gql(iteration % 2 ? B.url : A.url, TEST_ADMIN_TOKEN, DeleteEnvironment, { input: { id: environment.id } });
      await Promise.all(grants);
      if (deleted.errors) {
        if (fieldOf(deleted.errors) === "id") refusedDeletes++;
        else unexpected.push(JSON.stringify(deleted.errors));
        continue;
      }
      deletes++;
      const { rows } = await sql.query(`SELECT "slot" FROM "Lease" WHERE "environmentId" = $1 AND "status" = 'ACTIVE'`, [uuidOf(environment.id)]);
      expect({ iteration, active: rows }).toEqual({ iteration, active: [] });
    }
    console.log(`[lifecycle] grants vs deleteEnvironment: ${deletes} deleted, ${refusedDeletes} refused (a lease was ACTIVE)`);
    expect(unexpected).toEqual([]);
    expect(deletes).toBeGreaterThan(0);
    expect(refusedDeletes).toBeGreaterThan(0);
  });
});

describe("deleteAgent", () => {
  it("cancels its queued and running runs, deletes its schedules, revokes its tokens on every replica, hides it", async () => {
    const environment = await createEnvironment(A.url, companyId, { name: "deleted agent's", capacity: 5 });
    const agent = await createAgent(A.url, companyId, { name: "deleted", maxConcurrentRuns: 5 });
    const [runningIssue, queuedIssue] = await Promise.all([createIssue(A.url, companyId, "agent running"), createIssue(A.url, companyId, "agent queued")]);
    const running = (await gqlData(A.url, agent.token, StartRun, { input: { agentId: agent.id, issueId: runningIssue, environmentId: environment.id } })).startRun;
    const claimed = await gqlData(B.url, agent.token, ClaimRun, { input: { runId: running.id, runnerId: "r", pid: 1 } });
    const queued = (await gqlData(B.url, agent.token, StartRun, { input: { agentId: agent.id, issueId: queuedIssue, environmentId: environment.id } })).startRun;
    await gqlData(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { agentId: agent.id, issueId: queuedIssue, environmentId: environment.id, intervalSeconds: 3600 } });
    // Both replicas have the token in their caches.
    expect((await gqlData(A.url, agent.token, Heartbeat, { input: { runId: running.id, pid: 1 } })).heartbeat.cancelRequested).toBe(false);
    expect((await gqlData(B.url, agent.token, Heartbeat, { input: { runId: running.id, pid: 1 } })).heartbeat.cancelRequested).toBe(false);

    const before = await gqlData(A.url, TEST_ADMIN_TOKEN, Listed, { companyId });
    const deleted = await gqlData(A.url, TEST_ADMIN_TOKEN, DeleteAgent, { input: { id: agent.id } });
    expect(deleted.deleteAgent.deletedAt).not.toBeNull();

    const node = await gqlData(B.url, TEST_ADMIN_TOKEN, Node, { id: agent.id });
    expect(node.node).toMatchObject({ id: agent.id, deletedAt: deleted.deleteAgent.deletedAt });
    const runs = node.node?.__typename === "Agent" ? node.node.runs.edges.map((e) => e.node) : [];
    expect(runs).toHaveLength(2);
    expect(runs.find((r) => r.id === queued.id)).toMatchObject({ status: "CANCELLED", error: "agent deleted", cancelRequestedAt: null });
    expect(runs.find((r) => r.id === running.id)).toMatchObject({ status: "CANCELLED", error: "agent deleted" });
    expect(runs.find((r) => r.id === running.id)?.cancelRequestedAt).not.toBeNull();
    const { rows: leases } = await sql.query(`SELECT "status", "releaseReason" FROM "Lease" WHERE "id" = $1`, [uuidOf(claimed.claimRun.lease.id)]);
    expect(leases[0]).toEqual({ status: "RELEASED", releaseReason: "CANCELLED" });
    const { rows: schedules } = await sql.query(`SELECT 1 FROM "Schedule" WHERE "agentId" = $1`, [uuidOf(agent.id)]);
    expect(schedules).toEqual([]);
    const { rows: tokens } = await sql.query(`SELECT "revokedAt" FROM "ApiToken" WHERE "agentId" = $1`, [uuidOf(agent.id)]);
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.filter((t) => t.revokedAt === null)).toEqual([]);
    // Its runner's next heartbeat is refused on either replica (the runner stops its child on it).
    for (const server of [A, B]) {
      const beat = await gql(server.url, agent.token, Heartbeat, { input: { runId: running.id, pid: 1 } });
      expect(codeOf(beat.errors)).toBe("UNAUTHENTICATED");
    }

    const after = await gqlData(A.url, TEST_ADMIN_TOKEN, Listed, { companyId });
    const agentsBefore = before.node?.__typename === "Company" ? before.node.agents : null;
    const agentsAfter = after.node?.__typename === "Company" ? after.node.agents : null;
    expect(agentsAfter?.totalCount).toBe(agentsBefore!.totalCount - 1);
    expect(agentsAfter?.edges.map((e) => e.node.id)).not.toContain(agent.id);

    const issueId = await createIssue(A.url, companyId, "after the agent's delete");
    const named = { agentId: agent.id, issueId, environmentId: environment.id };
    const refusals = await Promise.all([
      gql(A.url, TEST_ADMIN_TOKEN, WakeAgent, { input: named }),
      gql(B.url, TEST_ADMIN_TOKEN, StartRun, { input: named }),
      gql(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { ...named, intervalSeconds: 60 } }),
      gql(B.url, TEST_ADMIN_TOKEN, UpdateAgent, { input: { id: agent.id, defaultEnvironmentId: null } }),
      gql(A.url, TEST_ADMIN_TOKEN, DeleteAgent, { input: { id: agent.id } }),
    ]);
    expect(refusals.map((r) => codeOf(r.errors))).toEqual(Array(refusals.length).fill("NOT_FOUND"));
  });

  it("wakes and claims racing a delete on two replicas: once it commits, the agent has no QUEUED or RUNNING run and no ACTIVE lease", async () => {
    const ITERATIONS = 20;
    const ISSUES = 6;
    const environment = await createEnvironment(A.url, companyId, { name: "agent race", capacity: 100 });
    const issueIds = await Promise.all(Array.from({ length: ISSUES }, (_, i) => createIssue(A.url, companyId, `agent race ${i}`)));
    let woken = 0;
    let claimed = 0;
    const unexpected: string[] = [];
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const agent = await createAgent(A.url, companyId, { name: `raced agent ${iteration}`, maxConcurrentRuns: 100 });
      let deleting = false;
      const wakes = Array.from({ length: ISSUES * 2 }, async (_, i) => {
        await sleep(Math.random() * 10);
        const result = await gql(i % 2 ? A.url : B.url, TEST_ADMIN_TOKEN, WakeAgent, {
          input: { agentId: agent.id, issueId: issueIds[i % ISSUES]!, environmentId: environment.id },
        });
        if (result.data) woken++;
        else if (codeOf(result.errors) !== "NOT_FOUND") unexpected.push(`wake: ${JSON.stringify(result.errors)}`);
      });
      const claims = [A, B].map(async (server, n) => {
        for (let i = 0; i < 6; i++) {
          const result = await gql(server.url, agent.token, ClaimNextRun, { input: { runnerId: `racer ${n}`, pid: 1 + n } });
          if (result.data?.claimNextRun) claimed++;
          else if (result.errors && !(deleting && ["UNAUTHENTICATED", "NOT_FOUND"].includes(String(codeOf(result.errors))))) {
            unexpected.push(`claim: ${JSON.stringify(result.errors)}`);
          }
          await sleep(Math.random() * 4);
        }
      });
      await sleep(4 + Math.random() * 10);
      deleting = true;
      const deleted = await gql(iteration % 2 ? B.url : A.url, TEST_ADMIN_TOKEN, DeleteAgent, { input: { id: agent.id } });
      if (deleted.errors) unexpected.push(`delete: ${JSON.stringify(deleted.errors)}`);
      await Promise.all([...wakes, ...claims]);
      const { rows } = await sql.query(
        `SELECT r."id", r."status", l."status" AS "lease" FROM "Run" r LEFT JOIN "Lease" l ON l."runId" = r."id" AND l."status" = 'ACTIVE'
         WHERE r."agentId" = $1 AND (r."status" IN ('QUEUED', 'RUNNING') OR l."id" IS NOT NULL)`,
        [uuidOf(agent.id)],
      );
      expect({ iteration, live: rows }).toEqual({ iteration, live: [] });
    }
    console.log(`[lifecycle] wakes and claims vs deleteAgent: ${woken} woken, ${claimed} claimed (then cancelled)`);
    expect(unexpected).toEqual([]);
    expect(woken).toBeGreaterThan(0);
    expect(claimed).toBeGreaterThan(0);
  });

  it("a schedule that fires for a deleted agent (one created racing the delete) is deleted, and wakes nothing", async () => {
    const environment = await createEnvironment(A.url, companyId, { name: "late schedule", capacity: 1 });
    const agent = await createAgent(A.url, companyId, { name: "scheduled then deleted" });
    const issueId = await createIssue(A.url, companyId, "late schedule");
    await gqlData(A.url, TEST_ADMIN_TOKEN, DeleteAgent, { input: { id: agent.id } });
    // What a createSchedule that read the agent just before the delete committed would leave.
    const { rows } = await sql.query(
      `INSERT INTO "Schedule" ("id", "companyId", "agentId", "issueId", "environmentId", "intervalSeconds", "nextWakeAt")
       VALUES (gen_random_uuid(), $1, $2, $3, $4, 60, now() - interval '1 second') RETURNING "id"`,
      [uuidOf(companyId), uuidOf(agent.id), uuidOf(issueId), uuidOf(environment.id)],
    );
    const deadline = Date.now() + 15_000;
    let left = 1;
    while (left > 0 && Date.now() < deadline) {
      await sleep(100);
      left = (await sql.query(`SELECT 1 FROM "Schedule" WHERE "id" = $1`, [rows[0].id])).rowCount ?? 0;
    }
    expect(left).toBe(0);
    const { rows: runs } = await sql.query(`SELECT 1 FROM "Run" WHERE "agentId" = $1`, [uuidOf(agent.id)]);
    expect(runs).toEqual([]);
  });

  it("a claim refuses a deleted agent by itself (lock-agent-for-claim.ts), even through a token not yet revoked", async () => {
    const environment = await createEnvironment(A.url, companyId, { name: "claim refusal", capacity: 1 });
    const agent = await createAgent(A.url, companyId, { name: "deleted behind its token" });
    const issueId = await createIssue(A.url, companyId, "claim refusal");
    await gqlData(A.url, TEST_ADMIN_TOKEN, WakeAgent, { input: { agentId: agent.id, issueId, environmentId: environment.id } });
    // What a claim sees that holds a token resolved before deleteAgent revoked it: the row deleted, the run not yet cancelled.
    await sql.query(`UPDATE "Agent" SET "deletedAt" = now() WHERE "id" = $1`, [uuidOf(agent.id)]);
    const claim = await gql(B.url, agent.token, ClaimNextRun, { input: { runnerId: "late", pid: 1 } });
    expect(codeOf(claim.errors)).toBe("NOT_FOUND");
    const { rows } = await sql.query(`SELECT "status" FROM "Run" WHERE "agentId" = $1`, [uuidOf(agent.id)]);
    expect(rows).toEqual([{ status: "QUEUED" }]);
  });
});
