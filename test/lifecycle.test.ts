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
import { AcquireLease, ReleaseLease, createAgent, createCompany, createEnvironment, createIssue, type Agent } from "./support/fixtures.js";
import { reportInternalErrorsAfterEach, TEST_ADMIN_TOKEN } from "./support/server-process.js";

const UpdateEnvironment = graphql(`
  mutation LcUpdateEnvironment($input: UpdateEnvironmentInput!) {
    updateEnvironment(input: $input) { id name capacity config providerKey deletedAt }
  }
`);
const DeleteEnvironment = graphql(`
  mutation LcDeleteEnvironment($input: DeleteEnvironmentInput!) { deleteEnvironment(input: $input) { id deletedAt } }
`);
const DeleteAgent = graphql(`
  mutation LcDeleteAgent($input: DeleteAgentInput!) { deleteAgent(input: $input) { id deletedAt } }
`);
const CreateOperatorToken = graphql(`
  mutation LcCreateOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }
`);
const WakeAgent = graphql(`
  mutation LcWakeAgent($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id status } } }
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
  });
});
