// Bearer tokens and what they may touch. Tokens are random and shown once; only their SHA-256 is
// stored, so a leaked database does not leak credentials.
import { createHash, randomBytes } from "node:crypto";
import type { Db, Prisma } from "../prisma/client.js";
import type { SqlClient } from "../prisma/sql/db.js";
import { lockAdminTokenBootstrap } from "../prisma/sql/lock-admin-token-bootstrap.js";
import { tokenByHash } from "../prisma/sql/token-by-hash.js";
import { runAccessSql as runAccessPredicateFor, type RunReach } from "../prisma/sql/run-access.js";
import type { RunyardPubSub } from "../pubsub/event-target.js";
import { RunyardError, notFound, type NodeKind } from "./errors.js";
import type { Logger } from "pino";
import type { RequestContext } from "./runtime.js";

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

function generateToken(kind: TokenKind): string {
  return TOKEN_PREFIX[kind] + randomBytes(24).toString("base64url");
}

/**
 * Resolved tokens, kept by one replica for a few seconds so hot paths (a heartbeat every few
 * seconds per agent) skip a database round trip. A revocation evicts the token at once on the
 * replica that revoked it and, through pubsub, on every other; if Redis is away, within the TTL.
 */
export class ViewerCache {
  private readonly entries = new Map<string, { viewer: Viewer; expiresAt: number }>();

  constructor(
    /** How long a resolved token is kept: a revocation takes effect within this, even if its event is lost. */
    readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(tokenHash: string): Viewer | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.viewer;
    this.entries.delete(tokenHash);
    return undefined;
  }

  set(tokenHash: string, viewer: Viewer): void {
    // Oldest out first: a Map iterates in insertion order.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { viewer, expiresAt: Date.now() + this.ttlMs });
  }

  evict(tokenId: string): void {
    for (const [hash, entry] of this.entries) if (entry.viewer.tokenId === tokenId) this.entries.delete(hash);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** `null` when no credentials were sent; UNAUTHENTICATED when they were and are not valid. */
export async function authenticate(db: SqlClient, authorization: string | null | undefined, cache?: ViewerCache): Promise<Viewer | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw new RunyardError("UNAUTHENTICATED", "Authorization must be 'Bearer <token>'");
  const token = match[1]!;
  // A token of impossible length cannot be one of ours: refuse it without a database round trip.
  if (token.length < MIN_TOKEN_LENGTH || token.length > MAX_TOKEN_LENGTH) {
    throw new RunyardError("UNAUTHENTICATED", "invalid token");
  }
  const tokenHash = hashToken(token);
  const cached = cache?.get(tokenHash);
  if (cached) return cached;
  const row = await tokenByHash(db, tokenHash);
  if (!row || row.revokedAt) throw new RunyardError("UNAUTHENTICATED", "invalid or revoked token");
  const viewer: Viewer =
    row.kind === "ADMIN"
      ? { kind: "ADMIN", tokenId: row.id }
      : row.kind === "OPERATOR"
        ? { kind: "OPERATOR", tokenId: row.id, companyId: row.companyId! }
        : { kind: "AGENT", tokenId: row.id, companyId: row.companyId!, agentId: row.agentId! };
  cache?.set(tokenHash, viewer);
  return viewer;
}

/** Keeps this replica's cache in step with revocations made on any replica. */
export async function evictRevokedTokens(pubsub: RunyardPubSub, cache: ViewerCache): Promise<void> {
  for await (const { tokenId } of pubsub.subscribe("tokenRevoked")) cache.evict(tokenId);
}

/** Those of `tokenIds` that have been revoked. */
export { revokedTokens as revokedTokenIds } from "../prisma/sql/revoked-tokens.js";

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

/** Whose runs the viewer may act on: agents their own, operators their company's, the admin all. */
export function runReach(viewer: Viewer): RunReach {
  if (viewer.kind === "AGENT") return { agentId: viewer.agentId, companyId: null };
  if (viewer.kind === "OPERATOR") return { agentId: null, companyId: viewer.companyId };
  return { agentId: null, companyId: null };
}

/** The rule of prisma/sql/run-access.ts, for a run already read. */
export function canActOnRun(viewer: Viewer, run: { companyId: string; agentId: string }): boolean {
  const { agentId, companyId } = runReach(viewer);
  return (agentId === null || run.agentId === agentId) && (companyId === null || run.companyId === companyId);
}

/**
 * A row the viewer may not see is answered exactly as a missing one (NOT_FOUND, the same message),
 * so a tenant cannot tell another tenant's ids from ids that do not exist. `what` and `id` name the
 * row looked up, as notFound does for a missing one.
 */
export function assertCanSee(viewer: Viewer, companyId: string, what: NodeKind, id: string): void {
  if (!canSeeCompany(viewer, companyId)) throw notFound(what, id);
}

/** Visible (else NOT_FOUND) and operable: FORBIDDEN is for an agent on its own company's row. */
export function assertCompanyOperator(viewer: Viewer, companyId: string, what: NodeKind, id: string): void {
  assertCanSee(viewer, companyId, what, id);
  if (!canOperateCompany(viewer, companyId)) throw new RunyardError("FORBIDDEN", "an operator or admin token of that company is required");
}

/** A run the viewer may not act on is one it may not see either (an agent sees only its own runs): NOT_FOUND. */
export function assertCanActOnRun(viewer: Viewer, run: { id: string; companyId: string; agentId: string }): void {
  if (!canActOnRun(viewer, run)) throw notFound("run", run.id);
}

/** The run by id, answered as assertCanActOnRun answers (NOT_FOUND when missing or out of reach): what a run's subscriptions check. */
export async function assertCanActOnRunId(db: Pick<Db, "run">, viewer: Viewer, runId: string): Promise<void> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { id: true, companyId: true, agentId: true } });
  if (!run) throw notFound("run", runId);
  assertCanActOnRun(viewer, run);
}

/** Acting for an agent: one of another company is NOT_FOUND; a sibling of an agent token's own is FORBIDDEN. */
export function assertCanActForAgent(viewer: Viewer, agent: { id: string; companyId: string }): void {
  assertCanSee(viewer, agent.companyId, "agent", agent.id);
  if (!canActOnRun(viewer, { companyId: agent.companyId, agentId: agent.id })) {
    throw new RunyardError("FORBIDDEN", "an agent token acts only for its own agent");
  }
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
export async function ensureAdminToken(db: Db, configured: string | undefined, log: Logger): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockAdminTokenBootstrap(tx);
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
      if (rotated.count > 0) log.info("RUNYARD_ADMIN_TOKEN changed: revoked the previously configured admin token");
      return;
    }
    const existing = await tx.apiToken.count({ where: { kind: "ADMIN", revokedAt: null } });
    if (existing > 0) return;
    const { token } = await issueToken(tx, { kind: "ADMIN", name: "generated at first start" });
    log.info(`generated the admin token (shown once, store it now): ${token}`);
  });
}

/** The same rule as canActOnRun, as a SQL predicate on "Run" `table`, for single-statement hot paths. */
export function runAccessSql(viewer: Viewer, table: string): Prisma.Sql {
  return runAccessPredicateFor(table, runReach(viewer));
}

/**
 * The runs a caller sees among those of a company, as a filter for a nested connection (whose
 * query is built synchronously, once the caller is known): an agent only its own, rows and
 * totalCount alike, as runs(companyId) decides through runsWhere.
 */
export function ownRunsFilter(ctx: RequestContext): { agentId?: string } {
  const viewer = ctx.resolvedViewer();
  // Never: every field's authScopes awaits the caller before any field resolves.
  if (viewer === undefined) throw new Error("the caller is not resolved yet");
  return viewer?.kind === "AGENT" ? { agentId: viewer.agentId } : {};
}
