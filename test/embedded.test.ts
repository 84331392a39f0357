// The embedded default: no DATABASE_URL and no REDIS_URL. A first start on an empty data dir
// initialises its own PostgreSQL, answers queries and mutations, serves GraphiQL, says which mode
// it is in, and keeps its data across a restart. Without RUNYARD_ADMIN_TOKEN the server generates
// an admin token on a fresh database, prints it once, and never again.
// The embedded start as root, with a data dir the postgres user cannot reach: embedded-root.test.ts.
import { chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql, gqlData } from "./support/graphql-client.js";
import { startApp } from "./support/app.js";
import { getFreePort } from "./support/ports.js";
import { startServer, TEST_ADMIN_TOKEN, type ServerProcess, type StartServerOptions } from "./support/server-process.js";

const CreateCompany = graphql(`
  mutation EmbeddedCreateCompany($name: String!) {
    createCompany(input: { name: $name }) {
      id
      name
    }
  }
`);

const Companies = graphql(`
  query EmbeddedCompanies {
    companies(first: 10) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const Typename = graphql(`
  query EmbeddedTypename {
    __typename
  }
`);

const GENERATED_TOKEN_LINE = /generated the admin token[^\n]*?: (ry_admin_[^\s"]+)/g;
const SERVING_LINE = /serving on port \d+ (\d+) ms after the process started/;

/** Stops the server with SIGTERM and returns its exit code. */
async function stopWithExitCode(server: ServerProcess): Promise<number | null> {
  return server.kill("SIGTERM");
}

describe("embedded default (no DATABASE_URL, no REDIS_URL)", () => {
  let dataDir: string;
  let options: StartServerOptions;

  beforeAll(async () => {
    // Under /tmp, traversable by the `postgres` OS user the embedded cluster runs as when we are root.
    dataDir = await mkdtemp("/tmp/runyard-embedded-");
    await chmod(dataDir, 0o755);
    options = {
      databaseUrl: undefined,
      redisUrl: null,
      readyTimeoutMs: 90_000,
      // A free port for the cluster, so parallel test files never race for the default one.
      env: { RUNYARD_DATA_DIR: dataDir, RUNYARD_EMBEDDED_PG_PORT: String(await getFreePort()) },
    };
  });

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("starts from an empty data dir, serves GraphQL and GraphiQL, and keeps its data across a restart", async () => {
    expect(await readdir(dataDir)).toEqual([]);

    const wallStart = Date.now();
    const first = await startServer(options);
    const firstWallMs = Date.now() - wallStart;
    let companyId: string;
    try {
      const log = first.output();
      expect(log).toContain(`initialising a new PostgreSQL cluster in ${path.join(dataDir, "postgres")}`);
      expect(log).toContain(`database: embedded PostgreSQL under ${dataDir}`);
      expect(log).toContain("pubsub and locks: in-process");
      expect(log).toMatch(/applied \d+ migration\(s\)/);
      expect(log).toMatch(new RegExp(`GraphiQL at http://localhost:${new URL(first.url).port}/graphql`));
      console.log(`[embedded] first start on an empty data dir: ready after ${firstWallMs} ms wall (process reported ${SERVING_LINE.exec(log)?.[1]} ms)`);

      expect(await gql(first.url, TEST_ADMIN_TOKEN, Typename)).toEqual({ data: { __typename: "Query" } });
      // A real mutation, written to the embedded database.
      const { createCompany } = await gqlData(first.url, TEST_ADMIN_TOKEN, CreateCompany, { name: "embedded co" });
      companyId = createCompany.id;

      // GraphiQL for a browser.
      const page = await fetch(`${first.url}/graphql`, { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      const html = await page.text();
      expect(html).toMatch(/<html/i);
      expect(html).toMatch(/graphiql/i);
    } finally {
      // A clean stop: exit code 0, and the cluster shut down (postgres removes postmaster.pid).
      expect(await stopWithExitCode(first)).toBe(0);
    }
    expect(first.output()).toContain("embedded PostgreSQL stopped");
    expect(await readdir(path.join(dataDir, "postgres"))).not.toContain("postmaster.pid");

    const second = await startServer(options);
    try {
      const log = second.output();
      expect(log).not.toContain("initialising a new PostgreSQL cluster");
      expect(log).toContain("database schema is up to date");
      const { companies } = await gqlData(second.url, TEST_ADMIN_TOKEN, Companies);
      expect(companies.edges.map((edge) => edge.node)).toEqual([{ id: companyId, name: "embedded co" }]);
    } finally {
      expect(await stopWithExitCode(second)).toBe(0);
    }
  }, 180_000);
});

// In-process replicas: the token is the point here, not the process (the log is what `npm start` prints).
describe("generated admin token (no RUNYARD_ADMIN_TOKEN)", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it("is printed once at the first start on a fresh database, works, and is not replaced by a second start", async () => {
    const first = await startApp({ databaseUrl: db.url, redisUrl: null, adminToken: null });
    let token: string;
    try {
      const printed = [...first.output().matchAll(GENERATED_TOKEN_LINE)].map((match) => match[1]!);
      expect(printed).toHaveLength(1);
      token = printed[0]!;
      const { createCompany } = await gqlData(first.url, token, CreateCompany, { name: "made with the generated token" });
      expect(createCompany.name).toBe("made with the generated token");
      // The test token was never configured for this server.
      expect((await gql(first.url, TEST_ADMIN_TOKEN, Companies)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    } finally {
      await first.stop();
    }

    const second = await startApp({ databaseUrl: db.url, redisUrl: null, adminToken: null });
    try {
      expect(second.output()).not.toContain("generated the admin token");
      expect(second.output()).not.toContain("ry_admin_");
      const { companies } = await gqlData(second.url, token, Companies);
      expect(companies.edges.map((edge) => edge.node.name)).toEqual(["made with the generated token"]);
    } finally {
      await second.stop();
    }

    // Exactly one admin token exists, stored as a hash only.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ tokenHash: string }>(`SELECT "tokenHash" FROM "ApiToken" WHERE kind = 'ADMIN'`);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.tokenHash).not.toBe(token);
      expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await client.end();
    }
  });

  it("rotates: a changed RUNYARD_ADMIN_TOKEN revokes the previously configured one", async () => {
    const rotationDb = await createTestDatabase();
    const rotated = `runyard-rotated-admin-token-${Date.now()}`;
    try {
      const before = await startApp({ databaseUrl: rotationDb.url, redisUrl: null });
      try {
        expect((await gqlData(before.url, TEST_ADMIN_TOKEN, CreateCompany, { name: "before rotation" })).createCompany.name).toBe("before rotation");
      } finally {
        await before.stop();
      }

      const after = await startApp({ databaseUrl: rotationDb.url, redisUrl: null, adminToken: rotated });
      try {
        expect(after.output()).toContain("revoked the previously configured admin token");
        expect((await gql(after.url, TEST_ADMIN_TOKEN, Companies)).errors?.map((error) => error.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
        const { companies } = await gqlData(after.url, rotated, Companies);
        expect(companies.edges.map((edge) => edge.node.name)).toEqual(["before rotation"]);
        // Never printed: only generated tokens are.
        expect(after.output()).not.toContain(rotated);
      } finally {
        await after.stop();
      }
    } finally {
      await rotationDb.drop();
    }
  });
});
