// The one way Runyard opens its database: a bounded pg pool per replica, shared by the generated
// Prisma client (over the pg driver adapter, no native query engine) and by the few hot-path
// statements that speak pg directly.
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.js";

export { Prisma } from "./generated/client.js";
export type * from "./generated/client.js";

export type Db = PrismaClient;
/** The client handed to `$transaction(async (tx) => …)`. */
export type DbTransaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export type Pool = pg.Pool;

export interface Database {
  db: Db;
  pool: Pool;
  close(): Promise<void>;
}

export function connectDatabase(databaseUrl: string, poolSize: number): Database {
  // A request waits at most 10 s for a free connection (as Prisma's interactive transactions did).
  // An idle connection is kept a minute (pg's default is 10 s): its prepared statements go with
  // it, and a burst after a quiet spell paid a connect and a fresh plan of every hot statement on
  // each connection it reopened (the claim's are costly to plan), which showed in the fleet's tail.
  // Under the idle timeouts of common load balancers and NATs (4 minutes and up), and with TCP
  // keepalive, so an idle connection is not dropped silently on the way and then handed out dead.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 60_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 30_000,
  });
  // An idle connection the server ends (a restart, or the embedded cluster stopping while pool.end()
  // still closes its sockets) is an 'error' on the pool, fatal to the process without a listener;
  // Prisma's adapter removes its own at $disconnect. The next query reports a lost database.
  pool.on("error", () => undefined);
  const db = new PrismaClient({
    adapter: new PrismaPg(pool, {
      // Named statements are prepared once per connection; unnamed ones are planned on every call.
      statementNameGenerator: (query) => `ry_${createHash("sha1").update(query.sql).digest("hex")}`,
    }),
  });
  return {
    db,
    pool,
    async close() {
      await db.$disconnect();
      await pool.end();
    },
  };
}
