// The one Pothos builder: Prisma-backed types, Relay global IDs and connections, and scope-auth.
// Reads are authorised here, per type; mutations are authorised by the domain operations they call.
import SchemaBuilder from "@pothos/core";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin, { ForbiddenError } from "@pothos/plugin-scope-auth";
import type PrismaTypes from "../prisma/generated/pothos-types.js";
import { getDatamodel } from "../prisma/generated/pothos-types.js";
import { canActOnRun, canOperateCompany, canSeeCompany } from "../resolvers/auth.js";
import { RunyardError } from "../resolvers/errors.js";
import type { RequestContext } from "../resolvers/runtime.js";
import { ConnectionCursors } from "./cursors.js";
import { GlobalIdFields, NODE_TYPES, tryDecodeId } from "./ids.js";

export { NODE_TYPES };

/** Rows a connection returns without `first`/`last`, and the most it returns whatever they ask. */
export const CONNECTION_PAGE = { default: 20, max: 100 } as const;

export const builder = new SchemaBuilder<{
  Context: RequestContext;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    DateTime: { Input: Date; Output: Date | string };
  };
  AuthScopes: {
    authenticated: boolean;
    admin: boolean;
    companyMember: string;
    companyOperator: string;
    runActor: { companyId: string; agentId: string };
  };
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, GlobalIdFields, ConnectionCursors],
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
    defaultConnectionSize: CONNECTION_PAGE.default,
    maxConnectionSize: CONNECTION_PAGE.max,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    // Every global-ID input is decoded here, so no malformed id reaches SQL. The Relay plugin then
    // checks the type against `for`; GlobalIdFieldsPlugin names the field of whatever is refused.
    decodeGlobalID: (globalId) => {
      const decoded = tryDecodeId(globalId);
      if (!decoded || !NODE_TYPES.has(decoded.typename)) throw new RunyardError("BAD_USER_INPUT", `${globalId} is not a Runyard id`);
      return decoded;
    },
    // A node the caller may not read is null, as a missing one is: another tenant's ids reveal nothing.
    nodeQueryOptions: {
      resolve: async (_root, { id }, ctx, _info, resolveNode) => visibleOrNull(ctx, id.typename, await resolveNode(id)),
    },
    nodesQueryOptions: {
      resolve: async (_root, { ids }, ctx, _info, resolveNodes) => {
        // A list in variables escapes the token and cost limits (they see one `$ids`): bounded here,
        // at a connection's largest page.
        if (ids.length > CONNECTION_PAGE.max) {
          throw new RunyardError("BAD_USER_INPUT", `ids must hold at most ${CONNECTION_PAGE.max} ids; it holds ${ids.length}`, { field: "ids" });
        }
        const nodes = await resolveNodes(ids);
        return Promise.all(nodes.map((node, i) => visibleOrNull(ctx, ids[i]!.typename, node)));
      },
    },
  },
  scopeAuth: {
    // Every field of the API needs a caller: no token is UNAUTHENTICATED, a bad one too.
    authScopes: async (ctx) => {
      const viewer = await ctx.viewer();
      if (!viewer) throw new RunyardError("UNAUTHENTICATED", "a bearer token is required");
      return {
        authenticated: true,
        admin: viewer.kind === "ADMIN",
        companyMember: (companyId) => canSeeCompany(viewer, companyId),
        companyOperator: (companyId) => canOperateCompany(viewer, companyId),
        runActor: (run) => canActOnRun(viewer, run),
      };
    },
    unauthorizedError: (_parent, _ctx, info) => new RunyardError("FORBIDDEN", `not allowed to read ${info.parentType.name}.${info.fieldName}`),
  },
});

/** `node` if the caller may read it by its type's own authScopes (the rule every field of it is read by), else null. */
export async function visibleOrNull<Node>(ctx: RequestContext, typename: string, node: Node | null | undefined): Promise<Node | null> {
  if (node == null) return null;
  const { authScopes } = builder.configStore.getTypeConfig(typename).pothosOptions as { authScopes?: unknown };
  const scopes = typeof authScopes === "function" ? await authScopes(node, ctx) : authScopes;
  if (!scopes) return node;
  try {
    await builder.runAuthScopes(ctx, scopes);
    return node;
  } catch (error) {
    if (error instanceof ForbiddenError) return null;
    throw error;
  }
}

// Relations back to a parent (Agent.company, Run.agent, Lease.run, every to-one relation) are
// `prismaField`s that load their row by its foreign key, not `t.relation`s planned into the parent's
// query. Planned, `agents(first: 1) { edges { node { company { agents(first: 1) { … } } } } }`
// became one nested include, and every connection loads one row past its page (to tell
// `hasNextPage`), so Prisma built the next level's whole subtree under both rows: 2^K objects for K
// levels (K = 20: 10 s and 1.5 GB). Loaded alone, a level costs one statement for the rows the
// answer holds: Prisma batches the `findUnique`s of a level into one query.
builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

builder.scalarType("JSON", {
  description: "Any JSON value.",
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.scalarType("DateTime", {
  description: "An instant, as an ISO-8601 string in UTC.",
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new RunyardError("BAD_USER_INPUT", `${String(value)} is not a date`);
    return date;
  },
});
