// The contract's error codes. A RunyardError is a GraphQLError, so yoga passes it to the client
// with its `extensions.code`; anything else is masked as INTERNAL.
import { encodeGlobalID } from "@pothos/plugin-relay";
import { GraphQLError } from "graphql";

export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "LEASE_UNAVAILABLE"
  | "STALE_FENCING_TOKEN"
  | "INVALID_RUN_TRANSITION"
  | "PROVIDER_NOT_READY"
  | "PROVIDER_ERROR"
  | "PROVIDER_UNAVAILABLE"
  | "QUERY_TOO_COMPLEX"
  | "WORKSPACE_BUSY"
  | "AGENT_AT_CAPACITY"
  | "BUDGET_EXCEEDED"
  | "INTERNAL";

export class RunyardError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extensions } });
  }
}

/** The same error with another `extensions.code` (GraphQL's own errors come without one). */
export function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

/** What a NOT_FOUND names, and the node type its id belongs to. */
const NODE_TYPES = {
  agent: "Agent",
  company: "Company",
  environment: "Environment",
  issue: "Issue",
  lease: "Lease",
  run: "Run",
  schedule: "Schedule",
  token: "ApiToken",
  workspace: "Workspace",
} as const;
export type NodeKind = keyof typeof NODE_TYPES;

/** An id inside an error (its extensions or message), as the API spells ids: the contract says global IDs. */
export function globalId(typename: (typeof NODE_TYPES)[NodeKind], id: string): string {
  return encodeGlobalID(typename, id);
}

/** The id the caller asked for, given back as it sent it (a global ID), in the message and in `extensions.id`. */
export function notFound(what: NodeKind, id: string): RunyardError {
  const asked = globalId(NODE_TYPES[what], id);
  return new RunyardError("NOT_FOUND", `${what} ${asked} not found`, { id: asked });
}

/** A unique or exclusion violation, whether Prisma reports it as P2002 or as the raw SQLSTATE. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { kind?: string } } } };
  return (
    e.code === "P2002" ||
    e.code === "23505" ||
    e.meta?.code === "23505" ||
    e.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation"
  );
}
