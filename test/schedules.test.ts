// Schedules across two replicas on one PostgreSQL and Redis: both tick, each due tick fires once in
// all (FOR UPDATE SKIP LOCKED), the wakes coalesce into one QUEUED run, ticks missed while the fleet
// was down become one wake, and createSchedule refuses what it cannot schedule.
import { randomUUID } from "node:crypto";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fireDueSchedules } from "../resolvers/schedules.js";
import { graphql } from "./gql/index.js";
import { startApp, type TestApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql, gqlData } from "./support/graphql-client.js";
import { createAgent, createCompany, createEnvironment, createIssue } from "./support/fixtures.js";
import { reportInternalErrorsAfterEach, TEST_ADMIN_TOKEN } from "./support/server-process.js";

const CreateSchedule = graphql(`
  mutation SchedulesCreate($input: CreateScheduleInput!) {
    createSchedule(input: $input) { id intervalSeconds cron nextWakeAt lastWakeAt agent { id } issue { id } environment { id } }
  }
`);
const DeleteSchedule = graphql(`
  mutation SchedulesDelete($input: DeleteScheduleInput!) { deleteSchedule(input: $input) { id } }
`);
const AgentSchedules = graphql(`
  query SchedulesOfAgent($id: ID!) {
    node(id: $id) { ... on Agent { schedules { edges { node { id } } } } ... on Issue { schedules { edges { node { id } } } } }
  }
`);
const CloseIssue = graphql(`
  mutation SchedulesCloseIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }
`);
const CreateOperatorToken = graphql(`
  mutation SchedulesOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }
`);

let db: TestDatabase;
let sql: pg.Client;
let A: TestApp;
let B: TestApp;
let companyId: string;
let environmentId: string;

const uuidOf = (globalId: string) => decodeGlobalID(globalId).id;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const errorOf = (errors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> | undefined) => ({
  code: errors?.[0]?.extensions?.code,
  field: errors?.[0]?.extensions?.field,
  id: errors?.[0]?.extensions?.id,
  message: errors?.[0]?.message,
});

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  [A, B] = await Promise.all([startApp({ databaseUrl: db.url }), startApp({ databaseUrl: db.url })]);
  companyId = await createCompany(A.url, "schedules");
  environmentId = (await createEnvironment(A.url, companyId, { name: "wide", capacity: 50 })).id;
});

reportInternalErrorsAfterEach(() => [A, B].filter(Boolean));

afterAll(async () => {
  await Promise.all([A, B].filter(Boolean).map((server) => server.stop()));
  await sql?.end();
  await db?.drop();
});

async function agentAndIssue(name: string) {
  const agent = await createAgent(A.url, companyId, { name });
  const issueId = await createIssue(A.url, companyId, name);
  return { agentId: agent.id, issueId };
}

/** The wakes a schedule made so far: its runs' events with reason "schedule", and its runs. */
async function scheduleWakes(issueId: string) {
  const events = await sql.query(
    `SELECT e."at" FROM "RunEvent" e JOIN "Run" r ON r."id" = e."runId"
     WHERE r."issueId" = $1 AND e."reason" = 'schedule' AND e."kind" IN ('STATUS_CHANGED', 'WAKE_MERGED') ORDER BY e."id"`,
    [uuidOf(issueId)],
  );
  const runs = await sql.query(`SELECT "status", "wakeCount" FROM "Run" WHERE "issueId" = $1`, [uuidOf(issueId)]);
  return { at: events.rows.map((r: { at: Date }) => r.at), runs: runs.rows as Array<{ status: string; wakeCount: number }> };
}

async function lastWakeAt(scheduleId: string): Promise<Date | null> {
  const { rows } = await sql.query(`SELECT "lastWakeAt" FROM "Schedule" WHERE "id" = $1`, [uuidOf(scheduleId)]);
  return rows[0]?.lastWakeAt ?? null;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe("schedules fire on every replica, each tick once", () => {
  it("every 2 s on two replicas: 5–6 wakes in 11 s, merged into one QUEUED run", async () => {
    const { agentId, issueId } = await agentAndIssue("every-two-seconds");
    const { createSchedule } = await gqlData(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { agentId, issueId, environmentId, intervalSeconds: 2 } });
    expect(createSchedule).toMatchObject({ intervalSeconds: 2, cron: null, lastWakeAt: null, agent: { id: agentId }, environment: { id: environmentId } });
    await sleep(11_000);
    const { at, runs } = await scheduleWakes(issueId);
    expect(at.length).toBeGreaterThanOrEqual(5);
    expect(at.length).toBeLessThanOrEqual(6);
    // Nobody claims: every wake after the first merged into the one QUEUED run.
    expect(runs).toEqual([{ status: "QUEUED", wakeCount: at.length }]);
    expect(await lastWakeAt(createSchedule.id)).toEqual(at.at(-1));
    const listed = await gqlData(B.url, TEST_ADMIN_TOKEN, AgentSchedules, { id: agentId });
    expect(listed.node).toMatchObject({ schedules: { edges: [{ node: { id: createSchedule.id } }] } });
    await gqlData(B.url, TEST_ADMIN_TOKEN, DeleteSchedule, { input: { id: createSchedule.id } });
  });

  it("a due schedule fired by both replicas at once wakes once", async () => {
    const { agentId, issueId } = await agentAndIssue("fired-at-once");
    const { createSchedule } = await gqlData(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { agentId, issueId, environmentId, intervalSeconds: 3600 } });
    await sql.query(`UPDATE "Schedule" SET "nextWakeAt" = now() - interval '1 second' WHERE "id" = $1`, [uuidOf(createSchedule.id)]);
    // Both replicas' own ticks race these too; whoever takes the tick, it is one wake.
    await Promise.all([A, B, A, B, A, B].map((server) => fireDueSchedules(server.app.runtime)));
    // A background tick that took it (the calls above then skip the locked row) may still be
    // committing: wait for the wake, then give any second one time to show.
    for (let waited = 0; (await scheduleWakes(issueId)).at.length === 0 && waited < 10_000; waited += 50) await sleep(50);
    await sleep(500);
    const { at, runs } = await scheduleWakes(issueId);
    expect(at).toHaveLength(1);
    expect(runs).toEqual([{ status: "QUEUED", wakeCount: 1 }]);
    const { rows } = await sql.query(`SELECT "nextWakeAt" > now() AS "ahead" FROM "Schedule" WHERE "id" = $1`, [uuidOf(createSchedule.id)]);
    expect(rows[0].ahead).toBe(true);
  });

  it("a schedule whose wake fails stays due, and the schedules due after it still fire", async () => {
    const failing = await agentAndIssue("failing-wake");
    const healthy = await agentAndIssue("after-the-failing-one");
    // The database refuses every run of the failing issue: its wake fails inside the fire's transaction.
    await sql.query(`CREATE FUNCTION refuse_run() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."issueId" = '${uuidOf(failing.issueId)}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await sql.query(`CREATE TRIGGER refuse_run BEFORE INSERT ON "Run" FOR EACH ROW EXECUTE FUNCTION refuse_run()`);
    try {
      const schedules = [];
      for (const target of [failing, healthy]) {
        const { createSchedule } = await gqlData(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { ...target, environmentId, intervalSeconds: 3600 } });
        schedules.push(uuidOf(createSchedule.id));
      }
      // The failing one is due first, so it is the first every tick takes.
      await sql.query(`UPDATE "Schedule" SET "nextWakeAt" = now() - interval '10 seconds' WHERE "id" = $1`, [schedules[0]]);
      await sql.query(`UPDATE "Schedule" SET "nextWakeAt" = now() - interval '5 seconds' WHERE "id" = $1`, [schedules[1]]);
      await until("the healthy schedule's wake", () => scheduleWakes(healthy.issueId), (w) => w.at.length === 1);
      expect((await scheduleWakes(failing.issueId)).at).toEqual([]);
      const { rows } = await sql.query(`SELECT "nextWakeAt" <= now() AS "due", "lastWakeAt" FROM "Schedule" WHERE "id" = $1`, [schedules[0]]);
      expect(rows[0]).toEqual({ due: true, lastWakeAt: null });
      expect(A.output() + B.output()).toContain(`scheduler: schedule ${schedules[0]}: `);
      await sql.query(`DELETE FROM "Schedule" WHERE "id" = $1`, [schedules[0]]);
    } finally {
      await sql.query(`DROP TRIGGER refuse_run ON "Run"; DROP FUNCTION refuse_run()`);
    }
  });

  it("a deleted schedule wakes no more; its QUEUED run stays", async () => {
    const { agentId, issueId } = await agentAndIssue("deleted");
    const { createSchedule } = await gqlData(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { agentId, issueId, environmentId, intervalSeconds: 3600 } });
    await sql.query(`UPDATE "Schedule" SET "nextWakeAt" = now() - interval '1 second' WHERE "id" = $1`, [uuidOf(createSchedule.id)]);
    await until("the due wake", () => scheduleWakes(issueId), (w) => w.at.length === 1);
    await gqlData(B.url, TEST_ADMIN_TOKEN, DeleteSchedule, { input: { id: createSchedule.id } });
    const again = await gql(A.url, TEST_ADMIN_TOKEN, DeleteSchedule, { input: { id: createSchedule.id } });
    expect(errorOf(again.errors).code).toBe("NOT_FOUND");
    const listed = await gqlData(A.url, TEST_ADMIN_TOKEN, AgentSchedules, { id: issueId });
    expect(listed.node).toMatchObject({ schedules: { edges: [] } });
    expect((await scheduleWakes(issueId)).runs).toEqual([{ status: "QUEUED", wakeCount: 1 }]);
  });
});

describe("what a schedule goes with", () => {
  it("a closed issue's schedule is advanced without a wake", async () => {
    const { agentId, issueId } = await agentAndIssue("closed-issue");
    const { createSchedule } = await gqlData(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { agentId, issueId, environmentId, intervalSeconds: 3600 } });
    await gqlData(A.url, TEST_ADMIN_TOKEN, CloseIssue, { input: { id: issueId, status: "DONE" } });
    await sql.query(`UPDATE "Schedule" SET "nextWakeAt" = now() - interval '1 second' WHERE "id" = $1`, [uuidOf(createSchedule.id)]);
    await until(
      "the schedule to be advanced",
      () => sql.query(`SELECT "nextWakeAt" > now() AS "ahead" FROM "Schedule" WHERE "id" = $1`, [uuidOf(createSchedule.id)]),
      (r) => r.rows[0].ahead === true,
    );
    expect(await scheduleWakes(issueId)).toEqual({ at: [], runs: [] });
    expect(await lastWakeAt(createSchedule.id)).toBeNull();
    const refused = await gql(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { agentId, issueId, environmentId, intervalSeconds: 60 } });
    expect(errorOf(refused.errors)).toMatchObject({ code: "BAD_USER_INPUT", field: "issueId" });
  });

  it("a schedule is deleted with its agent (or issue, or environment)", async () => {
    const { agentId, issueId } = await agentAndIssue("cascade");
    const { createSchedule } = await gqlData(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { agentId, issueId, environmentId, intervalSeconds: 3600 } });
    // No mutation deletes an agent yet; an operator's DELETE must not be refused by its schedules.
    await sql.query(`DELETE FROM "ApiToken" WHERE "agentId" = $1`, [uuidOf(agentId)]);
    await sql.query(`DELETE FROM "Agent" WHERE "id" = $1`, [uuidOf(agentId)]);
    expect(await lastWakeAt(createSchedule.id)).toBeNull();
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM "Schedule" WHERE "id" = $1`, [uuidOf(createSchedule.id)]);
    expect(rows[0].n).toBe(0);
  });
});

describe("createSchedule refuses what it cannot schedule", () => {
  it("a bad cron, both or neither of intervalSeconds and cron, an interval under 1 s: BAD_USER_INPUT naming the field", async () => {
    const { agentId, issueId } = await agentAndIssue("validation");
    const refused = async (extra: Record<string, unknown>) =>
      errorOf((await gql(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { agentId, issueId, environmentId, ...extra } })).errors);
    for (const cron of ["61 * * * *", "* * * *", "* * * * * *", "@daily", "0 0 30 2 *", "not a cron"]) {
      expect(await refused({ cron }), cron).toMatchObject({ code: "BAD_USER_INPUT", field: "cron" });
    }
    expect(await refused({ cron: "*/5 * * * *", intervalSeconds: 60 })).toMatchObject({ code: "BAD_USER_INPUT", field: "intervalSeconds" });
    expect(await refused({})).toMatchObject({ code: "BAD_USER_INPUT", field: "intervalSeconds" });
    expect(await refused({ intervalSeconds: 0 })).toMatchObject({ code: "BAD_USER_INPUT", field: "intervalSeconds" });
    expect(await refused({ intervalSeconds: -5 })).toMatchObject({ code: "BAD_USER_INPUT", field: "intervalSeconds" });
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM "Schedule" WHERE "issueId" = $1`, [uuidOf(issueId)]);
    expect(rows[0].n).toBe(0);
    // A good cron is taken, its first wake the next time it names (UTC).
    const { createSchedule } = await gqlData(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { agentId, issueId, environmentId, cron: "0 12 * * *" } });
    expect(createSchedule).toMatchObject({ cron: "0 12 * * *", intervalSeconds: null });
    const next = new Date(createSchedule.nextWakeAt as string);
    expect([next.getUTCHours(), next.getUTCMinutes(), next.getUTCSeconds()]).toEqual([12, 0, 0]);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
  });

  it("another company's agent, issue, environment or schedule is NOT_FOUND, as a missing one is", async () => {
    const { agentId, issueId } = await agentAndIssue("tenancy");
    const otherCompany = await createCompany(A.url, "schedules-other");
    const other = { agentId: (await createAgent(A.url, otherCompany, { name: "theirs" })).id, issueId: await createIssue(A.url, otherCompany, "theirs") };
    const otherEnvironment = (await createEnvironment(A.url, otherCompany, { name: "theirs", capacity: 1 })).id;
    const { createOperatorToken } = await gqlData(A.url, TEST_ADMIN_TOKEN, CreateOperatorToken, { input: { companyId: otherCompany, name: "their ops" } });
    const theirOperator = createOperatorToken.token;
    const { createSchedule: ours } = await gqlData(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { agentId, issueId, environmentId, intervalSeconds: 3600 } });
    type Target = { agentId: string; issueId: string; environmentId: string };
    const answer = async (token: string, input: Target) => errorOf((await gql(A.url, token, CreateSchedule, { input: { intervalSeconds: 60, ...input } })).errors);
    const cases: Array<[string, Target, string]> = [
      ["their operator, our agent", { agentId, issueId, environmentId }, agentId],
      ["our agent, their issue", { agentId, issueId: other.issueId, environmentId }, other.issueId],
      ["our agent, their environment", { agentId, issueId, environmentId: otherEnvironment }, otherEnvironment],
    ];
    for (const [what, input, foreignId] of cases) {
      const token = what.startsWith("their operator") ? theirOperator : TEST_ADMIN_TOKEN;
      const got = await answer(token, input);
      expect(got, what).toMatchObject({ code: "NOT_FOUND", field: undefined, id: foreignId });
      expect(got.message, what).toMatch(new RegExp(`^(agent|issue|environment) ${foreignId} not found$`));
    }
    expect(await answer(TEST_ADMIN_TOKEN, { agentId: encodeGlobalID("Agent", randomUUID()), issueId, environmentId })).toMatchObject({ code: "NOT_FOUND" });
    const theirDelete = await gql(A.url, theirOperator, DeleteSchedule, { input: { id: ours.id } });
    expect(errorOf(theirDelete.errors)).toMatchObject({ code: "NOT_FOUND", message: `schedule ${ours.id} not found`, id: ours.id });
    const seen = await gqlData(A.url, theirOperator, AgentSchedules, { id: agentId });
    expect(seen.node).toBeNull();
    expect(await lastWakeAt(ours.id)).toBeNull();
  });
});

// Last: it stops the fleet.
describe("ticks missed while the fleet was down", () => {
  it("become one wake when a replica comes back, not one per missed tick", async () => {
    const { agentId, issueId } = await agentAndIssue("fleet-down");
    const { createSchedule } = await gqlData(A.url, TEST_ADMIN_TOKEN, CreateSchedule, { input: { agentId, issueId, environmentId, intervalSeconds: 2 } });
    await until("the first wake", () => lastWakeAt(createSchedule.id), (at) => at !== null);
    await Promise.all([A.stop(), B.stop()]);
    const down = await lastWakeAt(createSchedule.id);
    const before = (await scheduleWakes(issueId)).at.length;
    await sleep(6_000);
    A = await startApp({ databaseUrl: db.url });
    // The next regular wake is at least a scheduler interval (1 s) after the catch-up: this sees the catch-up alone.
    const caughtUp = await until("the catch-up wake", () => lastWakeAt(createSchedule.id), (at) => at!.getTime() !== down!.getTime());
    const { at, runs } = await scheduleWakes(issueId);
    expect(at.length - before).toBe(1);
    expect(at.at(-1)).toEqual(caughtUp);
    expect(runs).toEqual([{ status: "QUEUED", wakeCount: at.length }]);
    const { rows } = await sql.query(`SELECT "nextWakeAt" > "lastWakeAt" AS "ahead" FROM "Schedule" WHERE "id" = $1`, [uuidOf(createSchedule.id)]);
    expect(rows[0].ahead).toBe(true);
  });
});
