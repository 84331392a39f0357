// The one way Runyard opens a Prisma client: the generated client over the pg driver adapter
// (no native query engine), with a bounded pool per replica.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.js";

export { Prisma } from "./generated/client.js";
export type * from "./generated/client.js";

export type Db = PrismaClient;
/** The client handed to `$transaction(async (tx) => …)`. */
export type DbTransaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export function createPrismaClient(databaseUrl: string, poolSize = Number(process.env.RUNYARD_DB_POOL_SIZE ?? 20)): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
}
