// The HTTP edge: what /readyz tells anyone, CSRF and CORS, and which interface the server binds.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../server/config.js";
import { startApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { seedCompany, startRun } from "./support/fixtures.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";

const databases: TestDatabase[] = [];
async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

async function companyNames(db: TestDatabase): Promise<string[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<{ name: string }>(`SELECT name FROM "Company" ORDER BY name`)).rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

describe("/readyz", () => {
  it("says which part is not ready in a word, and logs why", async () => {
    const db = await database();
    const server = await startApp({ databaseUrl: db.url, redisUrl: null });
    try {
      const ready = await fetch(`${server.url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([
        200,
        { status: "ready", replica: "started", database: "ok", redis: "in-process", providers: [{ key: "local", state: "READY" }] },
      ]);

      await db.drop();
      const notReady = await fetch(`${server.url}/readyz`);
      const text = await notReady.text();
      expect([notReady.status, JSON.parse(text)]).toEqual([
        503,
        { status: "not ready", replica: "started", database: "down", redis: "in-process", providers: [{ key: "local", state: "READY" }] },
      ]);
      // Nothing of the driver's account (host, port, database name, Prisma's invocation text) …
      const databaseName = new URL(db.url).pathname.slice(1);
      for (const inside of [databaseName, "5432", "127.0.0.1", "prisma", "Invalid"]) expect(text).not.toContain(inside);
      // … which the log has, once.
      await fetch(`${server.url}/readyz`);
      expect(server.output().match(/readiness: database is down: .*/g)).toHaveLength(1);
      expect(server.output()).toContain(databaseName);
    } finally {
      await server.stop();
    }
  });
});

describe("CSRF", () => {
  let db: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await database();
    server = await startApp({ databaseUrl: db.url, redisUrl: null });
  });
  afterAll(() => server?.stop());

  const mutation = (name: string) => `mutation { createCompany(input: { name: "${name}" }) { id } }`;
  // A page on another site can make a browser send these without a preflight; here with a token,
  // so the refusal is not about authentication.
  const simpleBodies: Array<[string, () => { body: BodyInit; headers?: Record<string, string> }]> = [
    ["form-urlencoded", () => ({ body: new URLSearchParams({ query: mutation("by form") }) })],
    [
      "multipart",
      () => {
        const form = new FormData();
        form.set("operations", JSON.stringify({ query: mutation("by multipart") }));
        form.set("map", "{}");
        return { body: form };
      },
    ],
  ];

  it("refuses a mutation in a form-urlencoded or multipart body, and changes nothing", async () => {
    for (const [label, make] of simpleBodies) {
      const { body } = make();
      const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, body });
      expect(response.status, label).toBe(403);
      expect(((await response.json()) as { errors: Array<{ message: string }> }).errors[0]!.message, label).toMatch(/CSRF/);
    }
    expect(await companyNames(db)).toEqual([]);
    // A JSON body (which a browser only sends cross-site after a CORS preflight) goes through.
    const json = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ query: mutation("by json") }),
    });
    expect(json.status).toBe(200);
    expect(await companyNames(db)).toEqual(["by json"]);
  });
});

describe("subscriptions over HTTP", () => {
  it("are refused with 400 BAD_USER_INPUT, whatever the client accepts: they are served over graphql-ws only", async () => {
    const db = await database();
    const server = await startApp({ databaseUrl: db.url, redisUrl: null });
    try {
      const seed = await seedCompany(server.url, { company: "sse", agents: ["watcher"], issue: "watched", environment: { capacity: 1 } });
      const run = await startRun(server.url, seed.agents[0]!, seed);
      const query = `subscription { runEvents(runId: "${run.id}") { __typename } }`;
      // Without the refusal, text/event-stream (and */*) would be an endless server-sent event
      // stream, outside graphql-ws's byte bound and revocation; JSON alone a 406.
      for (const accept of ["text/event-stream", "*/*", "application/json"]) {
        const response = await fetch(`${server.url}/graphql`, {
          method: "POST",
          headers: { authorization: `Bearer ${seed.agents[0]!.token}`, "content-type": "application/json", accept },
          body: JSON.stringify({ query }),
          signal: AbortSignal.timeout(10_000),
        });
        // The answer ends (an event stream too: one error event, then `complete`).
        const text = await response.text();
        expect(response.status, accept).toBe(400);
        expect(text, accept).toContain(`"message":"subscriptions are served over graphql-ws, on ws://…/graphql","extensions":{"code":"BAD_USER_INPUT"}`);
      }
    } finally {
      await server.stop();
    }
  });
});

describe("CORS", () => {
  const preflight = (url: string, origin: string) =>
    fetch(`${url}/graphql`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
  const post = (url: string, origin: string) =>
    fetch(`${url}/graphql`, {
      method: "POST",
      headers: { origin, authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });

  it("by default allows no other origin, and never credentials", async () => {
    const server = await startApp({ databaseUrl: (await database()).url, redisUrl: null });
    try {
      for (const response of [await preflight(server.url, "https://evil.example"), await post(server.url, "https://evil.example")]) {
        expect(response.headers.get("access-control-allow-origin")).toBeNull();
        expect(response.headers.get("access-control-allow-credentials")).toBeNull();
      }
    } finally {
      await server.stop();
    }
  });

  it("allows exactly the origins of RUNYARD_CORS_ORIGINS", async () => {
    const server = await startApp({
      databaseUrl: (await database()).url,
      redisUrl: null,
      env: { RUNYARD_CORS_ORIGINS: "https://dash.example.com, http://localhost:5173" },
    });
    try {
      for (const origin of ["https://dash.example.com", "http://localhost:5173"]) {
        const allowed = await preflight(server.url, origin);
        expect(allowed.headers.get("access-control-allow-origin"), origin).toBe(origin);
        expect(allowed.headers.get("access-control-allow-headers")).toBe("authorization, content-type");
        expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
        expect((await post(server.url, origin)).headers.get("access-control-allow-origin")).toBe(origin);
      }
      const other = await preflight(server.url, "https://evil.example");
      expect(["null", null]).toContain(other.headers.get("access-control-allow-origin"));
    } finally {
      await server.stop();
    }
  });

  it("refuses a RUNYARD_CORS_ORIGINS entry that is not an origin, naming the variable", () => {
    for (const value of ["*", "dash.example.com", "https://dash.example.com/app", "ftp://files.example"]) {
      expect(() => readConfig({ RUNYARD_CORS_ORIGINS: value }), value).toThrow(ConfigError);
      expect(() => readConfig({ RUNYARD_CORS_ORIGINS: value }), value).toThrow(/^RUNYARD_CORS_ORIGINS: /);
    }
    expect(readConfig({ RUNYARD_CORS_ORIGINS: "https://Dash.Example.com/,http://localhost:5173" }).corsOrigins).toEqual([
      "https://dash.example.com",
      "http://localhost:5173",
    ]);
  });
});

describe("HOST", () => {
  it("defaults to 127.0.0.1 on the embedded database and every interface with DATABASE_URL; a bad one names HOST", () => {
    expect(readConfig({}).host).toBe("127.0.0.1");
    expect(readConfig({ DATABASE_URL: "postgresql://db/runyard" }).host).toBe("0.0.0.0");
    expect(readConfig({ DATABASE_URL: "postgresql://db/runyard", HOST: "::1" }).host).toBe("::1");
    for (const value of ["not a host", "http://127.0.0.1", "1.2.3.4:80"]) {
      expect(() => readConfig({ HOST: value }), value).toThrow(/^HOST must be an IP address or a host name/);
    }
  });

  // Linux routes all of 127.0.0.0/8 to loopback: a server bound to 127.0.0.1 alone is not reached at 127.0.0.2.
  it("listens on HOST only", async () => {
    const reachedAt = async (server: TestServer, address: string) =>
      fetch(`http://${address}:${new URL(server.url).port}/healthz`).then(
        (response) => response.status,
        () => "refused",
      );
    const loopbackOnly = await startApp({ databaseUrl: (await database()).url, redisUrl: null, env: { HOST: "127.0.0.1" } });
    const everywhere = await startApp({ databaseUrl: (await database()).url, redisUrl: null });
    try {
      expect([await reachedAt(loopbackOnly, "127.0.0.1"), await reachedAt(loopbackOnly, "127.0.0.2")]).toEqual([200, "refused"]);
      expect([await reachedAt(everywhere, "127.0.0.1"), await reachedAt(everywhere, "127.0.0.2")]).toEqual([200, 200]);
    } finally {
      await loopbackOnly.stop();
      await everywhere.stop();
    }
  });
});
