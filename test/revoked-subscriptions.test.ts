// A revoked token keeps no live subscription: revoking it on replica B closes its sockets on replica
// A with 4403 before any later event reaches them, while other tokens' subscriptions carry on. A
// revocation whose event never went out (written straight to the database here, as when Redis was
// away) closes them too, within the replicas' token cache TTL. Two in-process replicas share
// PostgreSQL and Redis.
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { claimRun, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { gqlData, subscribe, SubscriptionClosedError, type Subscription } from "./support/graphql-client.js";
import { TEST_ADMIN_TOKEN } from "./support/server-process.js";

const CREATE_OPERATOR_TOKEN = `mutation($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token apiToken { id } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { id revokedAt } }`;
const HEARTBEAT = `mutation($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }`;
const RUN_EVENTS = `subscription($runId: ID!) { runEvents(runId: $runId) { kind pid } }`;

type RunEvents = { runEvents: { kind: string; pid: number | null } };

let db: TestDatabase;
let replicaA: TestApp;
let replicaB: TestApp;
let companyId: string;
let agent: Agent;
let runId: string;
const subscriptions: Array<Subscription<unknown>> = [];

async function operatorToken(name: string): Promise<{ token: string; id: string }> {
  const { createOperatorToken } = await gqlData<{ createOperatorToken: { token: string; apiToken: { id: string } } }>(
    replicaB.url,
    TEST_ADMIN_TOKEN,
    CREATE_OPERATOR_TOKEN,
    { input: { companyId, name } },
  );
  return { token: createOperatorToken.token, id: createOperatorToken.apiToken.id };
}

async function watchOnA(token: string): Promise<Subscription<RunEvents>> {
  const sub = subscribe<RunEvents>(replicaA.wsUrl, token, RUN_EVENTS, { runId });
  subscriptions.push(sub);
  await sub.ready;
  return sub;
}

async function heartbeatOnB(pid: number): Promise<void> {
  await gqlData(replicaB.url, agent.token, HEARTBEAT, { input: { runId, pid } });
}

/** What ended the subscription; fails if a payload arrives first. */
async function endOf(sub: Subscription<RunEvents>, timeoutMs?: number): Promise<unknown> {
  const outcome = await sub.next(timeoutMs).then(
    (payload) => ({ payload }),
    (error: unknown) => ({ error }),
  );
  expect(outcome, "no event after the revocation").not.toHaveProperty("payload");
  return (outcome as { error: unknown }).error;
}

beforeAll(async () => {
  db = await createTestDatabase();
  [replicaA, replicaB] = await Promise.all([startApp({ databaseUrl: db.url }), startApp({ databaseUrl: db.url })]);
  const seed = await seedCompany(replicaB.url, { company: "revocations", agents: ["beater"], issue: "revoked watchers", environment: { capacity: 1 } });
  companyId = seed.companyId;
  agent = seed.agents[0]!;
  runId = (await startRun(replicaB.url, agent, seed)).id;
  await claimRun(replicaB.url, agent.token, runId, { runnerId: "revocation-test", pid: 1 });
});

afterAll(async () => {
  await Promise.all(subscriptions.map((sub) => sub.close()));
  await Promise.all([replicaA?.stop(), replicaB?.stop()]);
  await db?.drop();
});

describe("revoking a token", () => {
  it("on replica B closes its subscription sockets on replica A with 4403, before the next event; other tokens' carry on", async () => {
    const operator = await operatorToken("watcher to revoke");
    const revoked = await watchOnA(operator.token);
    const admin = await watchOnA(TEST_ADMIN_TOKEN);
    await heartbeatOnB(100);
    expect((await revoked.next()).runEvents).toEqual({ kind: "HEARTBEAT", pid: 100 });
    expect((await admin.next()).runEvents).toEqual({ kind: "HEARTBEAT", pid: 100 });

    await gqlData(replicaB.url, TEST_ADMIN_TOKEN, REVOKE, { id: operator.id });
    await heartbeatOnB(101);

    const ended = await endOf(revoked);
    expect(ended).toBeInstanceOf(SubscriptionClosedError);
    expect((ended as SubscriptionClosedError).closeCode).toBe(4403);
    expect((await admin.next()).runEvents).toEqual({ kind: "HEARTBEAT", pid: 101 });
  });

  it("closes its sockets within the token cache TTL even when no revocation event went out", async () => {
    const operator = await operatorToken("watcher revoked in the database");
    const revoked = await watchOnA(operator.token);
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    try {
      await sql.query(`UPDATE "ApiToken" SET "revokedAt" = now() WHERE id = $1`, [decodeGlobalID(operator.id).id]);
    } finally {
      await sql.end();
    }
    // The sweep runs every TTL (5 s); three of them is a generous bound, not a measurement.
    const ended = await endOf(revoked, 15_000);
    expect(ended).toBeInstanceOf(SubscriptionClosedError);
    expect((ended as SubscriptionClosedError).closeCode).toBe(4403);
  });
});
