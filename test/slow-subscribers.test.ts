// Backpressure on subscriptions: a socket that stops reading may have at most
// RUNYARD_WS_MAX_BUFFERED_BYTES waiting to be sent; past that the server closes it with 1013 and ends
// its subscriptions at once (nothing more is queued for it), while a subscriber on the same replica
// that reads hears every event. Real sockets: the stalled ones are paused `ws` sockets speaking
// graphql-ws by hand, each subscribed several times so that workspace configs of 60 KB fill the
// kernel's socket buffers (a few MB) in a few events, well before the keepalive would drop them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLOW_SUBSCRIBER_CLOSE } from "../server/subscriptions.js";
import { startApp, type TestApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gqlData, subscribe } from "./support/graphql-client.js";
import { seedCompany, startRun } from "./support/fixtures.js";
import { openRawSubscriber, type RawSubscriber } from "./support/raw-subscriber.js";
import { TEST_ADMIN_TOKEN } from "./support/server-process.js";

const BOUND = 256 * 1024;
// Just under the 64 KB a workspace config may have.
const CONFIG_BYTES = 60 * 1024;
// 50 updates to 8 subscriptions: 24 MB per socket, far more than its kernel buffers and the bound together.
const MAX_UPDATES = 50;
const STALLED = 3;
// Subscriptions on each stalled socket.
const FAN = 8;

const WORKSPACE_CHANGED = `subscription($issueId: ID) { workspaceChanged(issueId: $issueId) { configVersion config } }`;
const UPDATE_CONFIG = `mutation($input: UpdateIssueInput!) { updateIssue(input: $input) { workspace { configVersion } } }`;

type Changed = { workspaceChanged: { configVersion: number; config: { n: number } } };

let db: TestDatabase;
let app: TestApp;

async function listeners(): Promise<{ active: number; established: number }> {
  const body = (await (await fetch(`${app.url}/healthz`)).json()) as { subscriptions: { active: number; established: number } };
  return body.subscriptions;
}

async function updateConfig(issueId: string, n: number): Promise<number> {
  const { updateIssue } = await gqlData<{ updateIssue: { workspace: { configVersion: number } } }>(app.url, TEST_ADMIN_TOKEN, UPDATE_CONFIG, {
    input: { id: issueId, workspaceConfig: { n, blob: "x".repeat(CONFIG_BYTES) } },
  });
  return updateIssue.workspace.configVersion;
}

async function openStalled(issueId: string, count: number, fan: number): Promise<RawSubscriber[]> {
  const before = (await listeners()).established;
  const stalled = Array.from({ length: count }, () => openRawSubscriber(app.wsUrl, TEST_ADMIN_TOKEN, WORKSPACE_CHANGED, { issueId }, fan));
  await Promise.all(stalled.map((subscriber) => subscriber.subscribed));
  while ((await listeners()).established < before + count * fan) await new Promise((resolve) => setTimeout(resolve, 20));
  return stalled;
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApp({ databaseUrl: db.url, env: { RUNYARD_WS_MAX_BUFFERED_BYTES: String(BOUND) } });
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

describe("a subscriber that stops reading", () => {
  it(`is closed with ${SLOW_SUBSCRIBER_CLOSE} once more than the bound waits unsent; a reading subscriber on the replica hears every event`, async () => {
    const { issueId, environmentId, agents } = await seedCompany(app.url, {
      company: "slow readers",
      agents: ["writer"],
      issue: "big configs",
      environment: { capacity: 1 },
    });
    await startRun(app.url, agents[0]!, { issueId, environmentId }); // the issue's workspace
    const healthy = subscribe<Changed>(app.wsUrl, TEST_ADMIN_TOKEN, WORKSPACE_CHANGED, { issueId });
    await healthy.ready;
    const stalled = await openStalled(issueId, STALLED, FAN);
    for (const subscriber of stalled) subscriber.pause();
    const activeWithStalled = (await listeners()).active;

    // Events until the server has ended the stalled sockets' subscriptions, while they still read nothing.
    const versions: number[] = [];
    while ((await listeners()).active > activeWithStalled - STALLED * FAN) {
      expect(versions.length, "the stalled subscribers were never closed").toBeLessThan(MAX_UPDATES);
      versions.push(await updateConfig(issueId, versions.length));
    }

    // Every stalled socket, read again at once (before the server gives up on its closing
    // handshake), ends with the code after what the server had sent it; nothing is queued for it
    // any more: the events that follow reach the reader only.
    for (const subscriber of stalled) subscriber.resume();
    const sentToStalled = versions.length;
    for (let i = 0; i < 3; i++) versions.push(await updateConfig(issueId, versions.length));
    const closes = await Promise.all(stalled.map((subscriber) => subscriber.closed));
    expect(closes.map(({ code }) => code)).toEqual(stalled.map(() => SLOW_SUBSCRIBER_CLOSE));
    for (const subscriber of stalled) expect(subscriber.payloads.length).toBeLessThanOrEqual(sentToStalled * FAN);

    // The server's account of each: what waited unsent when it closed the socket stayed within the
    // bound plus the one message whose send passed it.
    const unsent = [...app.output().matchAll(/too slow to read \((\d+) bytes unsent, bound (\d+)\)/g)].map((m) => Number(m[1]));
    expect(unsent).toHaveLength(STALLED);
    for (const bytes of unsent) {
      expect(bytes).toBeGreaterThan(BOUND);
      expect(bytes).toBeLessThan(BOUND + CONFIG_BYTES + 1024);
    }

    // The reader heard every update, in order.
    const heard = await healthy.take(versions.length);
    expect(heard.map((e) => e.workspaceChanged.configVersion)).toEqual(versions);
    expect(heard.map((e) => e.workspaceChanged.config.n)).toEqual(versions.map((_, n) => n));
    await healthy.close();

    // A client closed as too slow may subscribe again, and hears what follows.
    const [again] = await openStalled(issueId, 1, 1);
    const version = await updateConfig(issueId, versions.length);
    await again!.payloadsRead(1);
    expect((again!.payloads[0] as { data: Changed }).data.workspaceChanged.configVersion).toBe(version);
    again!.terminate();
  });
});
