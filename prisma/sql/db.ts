// What the statements in prisma/sql/ run on: the client or an interactive transaction.
import type { DbTransaction } from "../client.js";

/** Anything that can send a raw statement: `db` itself, or the `tx` of an interactive transaction. */
export type SqlClient = Pick<DbTransaction, "$queryRaw" | "$executeRaw">;
