// Bearer tokens and what they may touch. Tokens are random and shown once; only their SHA-256 is
// stored, so a leaked database does not leak credentials.
import { createHash, randomBytes } from "node:crypto";
import { Prisma, type Db } from "../prisma/client.js";
import { RunyardError } from "./errors.js";

export type Viewer =
  | { kind: "ADMIN"; tokenId: string }
  | { kind: "OPERATOR"; tokenId: string; companyId: string }
  | { kind: "AGENT"; tokenId: string; companyId: string; agentId: string };

export type TokenKind = Viewer["kind"];

const TOKEN_PREFIX = { ADMIN: "ry_admin_", OPERATOR: "ry_op_", AGENT: "ry_agent_" } as const;
/** RUNYARD_ADMIN_TOKEN may be any string of this length; generated tokens are longer. */
export const MIN_TOKEN_LENGTH = 16;
const MAX_TOKEN_LENGTH = 512;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function generateToken(kind: TokenKind): string {
  return TOKEN_PREFIX[kind] + randomBytes(24).toString("base64url");
}

/** `null` when no credentials were sent; UNAUTHENTICATED when they were and are not valid. */
export async function authenticate(db: Db, authorization: string | null | undefined): Promise<Viewer | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw new RunyardError("UNAUTHENTICATED", "Authorization must be 'Bearer <token>'");
  const token = match[1]!;
  // A token of impossible length cannot be one of ours: refuse it without a database round trip.
  if (token.length < MIN_TOKEN_LENGTH || token.length > MAX_TOKEN_LENGTH) {
    throw new RunyardError("UNAUTHENTICATED", "invalid token");
  }
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, kind: true, companyId: true, agentId: true, revokedAt: true },
  });
  if (!row || row.revokedAt) throw new RunyardError("UNAUTHENTICATED", "invalid or revoked token");
  if (row.kind === "ADMIN") return { kind: "ADMIN", tokenId: row.id };
  if (row.kind === "OPERATOR") return { kind: "OPERATOR", tokenId: row.id, companyId: row.companyId! };
  return { kind: "AGENT", tokenId: row.id, companyId: row.companyId!, agentId: row.agentId! };
}

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new RunyardError("UNAUTHENTICATED", "a bearer token is required");
  return viewer;
}

export function canSeeCompany(viewer: Viewer, companyId: string): boolean {
  return viewer.kind === "ADMIN" || viewer.companyId === companyId;
}

export function canOperateCompany(viewer: Viewer, companyId: string): boolean {
  return viewer.kind === "ADMIN" || (viewer.kind === "OPERATOR" && viewer.companyId === companyId);
}

/** Agents act only on their own runs; operators on their company's; the admin on all. */
export function canActOnRun(viewer: Viewer, run: { companyId: string; agentId: string }): boolean {
  if (viewer.kind === "AGENT") return viewer.agentId === run.agentId;
  return canSeeCompany(viewer, run.companyId);
}

export function assertCompanyMember(viewer: Viewer, companyId: string): void {
  if (!canSeeCompany(viewer, companyId)) throw new RunyardError("FORBIDDEN", "this token may not access that company");
}

export function assertCompanyOperator(viewer: Viewer, companyId: string): void {
  if (!canOperateCompany(viewer, companyId)) throw new RunyardError("FORBIDDEN", "an operator or admin token of that company is required");
}

export function assertCanActOnRun(viewer: Viewer, run: { companyId: string; agentId: string }): void {
  if (!canActOnRun(viewer, run)) throw new RunyardError("FORBIDDEN", "this token may not act on that run");
}

export function assertAdmin(viewer: Viewer): void {
  if (viewer.kind !== "ADMIN") throw new RunyardError("FORBIDDEN", "an admin token is required");
}

export async function issueToken(
  db: Pick<Db, "apiToken">,
  input: { kind: TokenKind; name: string; companyId?: string; agentId?: string },
): Promise<{ token: string; id: string }> {
  const token = generateToken(input.kind);
  const row = await db.apiToken.create({
    data: { kind: input.kind, name: input.name, companyId: input.companyId, agentId: input.agentId, tokenHash: hashToken(token) },
  });
  return { token, id: row.id };
}

const CONFIGURED_ADMIN_TOKEN_NAME = "RUNYARD_ADMIN_TOKEN";

/**
 * Makes sure an admin token exists. A configured RUNYARD_ADMIN_TOKEN is recorded by hash; without
 * one, the first replica to start generates a token and prints it once. An advisory lock keeps two
 * replicas starting together from both generating one. A generated token stays valid when
 * RUNYARD_ADMIN_TOKEN is set later (the admin may revoke it with revokeApiToken).
 */
export async function ensureAdminToken(db: Db, configured: string | undefined, log: (msg: string) => void): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7345110001)`;
    if (configured) {
      const tokenHash = hashToken(configured);
      await tx.apiToken.upsert({
        where: { tokenHash },
        create: { kind: "ADMIN", name: CONFIGURED_ADMIN_TOKEN_NAME, tokenHash },
        update: { revokedAt: null },
      });
      // Changing RUNYARD_ADMIN_TOKEN rotates it: the value configured before stops working.
      const rotated = await tx.apiToken.updateMany({
        where: { kind: "ADMIN", name: CONFIGURED_ADMIN_TOKEN_NAME, tokenHash: { not: tokenHash }, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      if (rotated.count > 0) log("RUNYARD_ADMIN_TOKEN changed: revoked the previously configured admin token");
      return;
    }
    const existing = await tx.apiToken.count({ where: { kind: "ADMIN", revokedAt: null } });
    if (existing > 0) return;
    const { token } = await issueToken(tx, { kind: "ADMIN", name: "generated at first start" });
    log(`generated the admin token (shown once, store it now): ${token}`);
  });
}

/** The same rule as canActOnRun, as a SQL predicate on "Run", for single-statement hot paths. */
export function runAccessSql(viewer: Viewer, table?: string): Prisma.Sql {
  const column = (name: string) => Prisma.raw(table ? `${table}."${name}"` : `"${name}"`);
  if (viewer.kind === "ADMIN") return Prisma.sql`TRUE`;
  if (viewer.kind === "OPERATOR") return Prisma.sql`${column("companyId")} = ${viewer.companyId}::uuid`;
  return Prisma.sql`${column("agentId")} = ${viewer.agentId}::uuid`;
}
