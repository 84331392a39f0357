// Revokes a token on the database's clock; a second revoke keeps the first time.
import { Prisma, type ApiToken } from "../client.js";
import { query, type SqlClient } from "./db.js";

export async function revokeApiTokenRow(db: SqlClient, id: string): Promise<ApiToken> {
  const [row] = await query<ApiToken>(db, Prisma.sql`
    UPDATE "ApiToken" SET "revokedAt" = COALESCE("revokedAt", now()) WHERE "id" = ${id}::uuid RETURNING *`);
  return row!;
}
