// The advisory lock that keeps replicas starting together from both generating an admin token.
import { Prisma, type DbTransaction } from "../client.js";

const ADMIN_TOKEN_BOOTSTRAP_LOCK = 7345110001;

/** Transaction-scoped: released by the commit that recorded (or found) the token. */
export async function lockAdminTokenBootstrap(tx: Pick<DbTransaction, "$executeRaw">): Promise<void> {
  await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(${ADMIN_TOKEN_BOOTSTRAP_LOCK}::bigint)`);
}
