// The embedded default as root (a clone under /root): the postgres OS user cannot reach the data
// dir, so the cluster lives under /var/lib/runyard. Its own file, so its initdb runs beside
// embedded.test.ts's instead of after it.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gqlData } from "./support/graphql-client.js";
import { getFreePort } from "./support/ports.js";
import { startServer, TEST_ADMIN_TOKEN } from "./support/server-process.js";

describe("embedded default as root, with a data dir the postgres user cannot reach (a clone under /root)", () => {
  it.skipIf(process.getuid?.() !== 0)("keeps the cluster under /var/lib/runyard, says where, and serves", async () => {
    // Mode 0700 and owned by root, as /root is.
    const closed = await mkdtemp("/tmp/runyard-closed-");
    await chmod(closed, 0o700);
    const dataDir = path.join(closed, "clone", ".runyard");
    const server = await startServer({
      databaseUrl: undefined,
      redisUrl: null,
      readyTimeoutMs: 90_000,
      env: { RUNYARD_DATA_DIR: dataDir, RUNYARD_EMBEDDED_PG_PORT: String(await getFreePort()) },
    });
    const fallback = /the embedded cluster lives in (\/var\/lib\/runyard\/\w+\/postgres)/.exec(server.output())?.[1];
    try {
      expect(fallback, server.output()).toBeDefined();
      const { companies } = await gqlData<{ companies: { edges: unknown[] } }>(server.url, TEST_ADMIN_TOKEN, "{ companies(first: 1) { edges { cursor } } }");
      expect(companies.edges).toEqual([]);
    } finally {
      await server.stop();
      await rm(closed, { recursive: true, force: true });
      if (fallback) await rm(path.dirname(fallback), { recursive: true, force: true });
    }
  });
});
