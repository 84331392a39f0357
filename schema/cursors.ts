// Connection cursors in requests. The Prisma plugin decodes `after`/`before` and hands whatever it
// finds to the query: `GPC:S:x` on a uuid column, a string on a bigint one, a run's cursor on its
// history. PostgreSQL or Prisma then refuse it, masked as INTERNAL, and a nested connection's cursor
// fails its parent's query. So before a root field runs, every cursor anywhere in its selection is
// checked against the connection it pages, and a cursor we never issued there is BAD_USER_INPUT
// naming `after` or `before`.
import SchemaBuilder, { BasePlugin, decodeBase64, decodeCursorChunk, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type SelectionNode,
} from "graphql";
import { getDatamodel } from "../prisma/generated/pothos-types.js";
import { RunyardError } from "../resolvers/errors.js";
import { unstorable } from "../resolvers/validation.js";
import { UUID } from "./ids.js";

/** What one part of a cursor must be, read off the model's column. */
type CursorPart = "uuid" | "bigint" | "int" | "text";
const CURSOR_ARGS = ["after", "before"] as const;

const models = getDatamodel().datamodel.models;

/**
 * The parts of a cursor over `model`: every connection here pages by its model's primary key (the
 * `cursor` of each prismaConnection/relatedConnection): `id`, or a composite key such as
 * RuntimeState's (runId, key) or RunLogChunk's (runId, seq). A String id or foreign key is a uuid column.
 */
function cursorParts(model: string): CursorPart[] | null {
  const definition = models[model];
  if (!definition) return null;
  const keyNames = definition.primaryKey?.fields ?? definition.fields.filter((field) => field.isId).map((field) => field.name);
  const foreignKeys = new Set(definition.fields.flatMap((field) => field.relationFromFields ?? []));
  const parts = keyNames.map((name): CursorPart | null => {
    const field = definition.fields.find((f) => f.name === name);
    if (field?.type === "BigInt") return "bigint";
    if (field?.type === "Int") return "int";
    if (field?.type !== "String") return null;
    return field.isId || foreignKeys.has(name) ? "uuid" : "text";
  });
  return parts.length > 0 && parts.every((part) => part !== null) ? (parts as CursorPart[]) : null;
}

/** The cursor parts of a connection field (through its edges' node type), null for any other field. */
const connectionParts = new WeakMap<GraphQLField<unknown, unknown>, CursorPart[] | null>();
function partsOf(field: GraphQLField<unknown, unknown>): CursorPart[] | null {
  if (!connectionParts.has(field)) {
    const connection = getNamedType(field.type);
    const edge = isObjectType(connection) && field.args.some((arg) => arg.name === "after") ? connection.getFields().edges : undefined;
    const edgeType = edge && getNamedType(edge.type);
    const node = edgeType && isObjectType(edgeType) ? edgeType.getFields().node : undefined;
    const model = node && (getNamedType(node.type).extensions as { pothosPrismaModel?: string }).pothosPrismaModel;
    connectionParts.set(field, model ? cursorParts(model) : null);
  }
  return connectionParts.get(field)!;
}

function partFits(value: unknown, part: CursorPart): boolean {
  if (part === "bigint") return typeof value === "bigint";
  // An int4 column, as RunLogChunk's seq.
  if (part === "int") return Number.isInteger(value) && Math.abs(value as number) < 2 ** 31;
  if (typeof value !== "string") return false;
  return part === "uuid" ? UUID.test(value) : unstorable(value) === null;
}

/** Whether `cursor` is one this connection issues: base64 of `GPC:` and its key's parts, in their types. */
function cursorFits(cursor: string, parts: CursorPart[]): boolean {
  let decoded: unknown;
  try {
    const text = decodeBase64(cursor);
    if (!text.startsWith("GPC:")) return false;
    decoded = decodeCursorChunk(text.slice(4));
  } catch {
    return false;
  }
  if (parts.length === 1) return partFits(decoded, parts[0]!);
  return Array.isArray(decoded) && decoded.length === parts.length && parts.every((part, i) => partFits(decoded[i], part));
}

/** The first refused cursor in `selections` (fields of `parent`), walking nested fields and fragments. */
function refusedCursor(info: GraphQLResolveInfo, selections: readonly SelectionNode[], parent: GraphQLCompositeType): RunyardError | null {
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name.value] : undefined;
      if (!field) continue;
      const parts = partsOf(field);
      for (const argument of parts ? selection.arguments ?? [] : []) {
        const name = argument.name.value;
        if (!(CURSOR_ARGS as readonly string[]).includes(name)) continue;
        const value = argument.value.kind === Kind.VARIABLE ? info.variableValues[argument.value.name.value] : argument.value.kind === Kind.STRING ? argument.value.value : null;
        if (typeof value === "string" && !cursorFits(value, parts!)) {
          return new RunyardError("BAD_USER_INPUT", `${name} is not a cursor of ${parent.name}.${field.name}`, { field: name });
        }
      }
      const type = getNamedType(field.type);
      const nested = selection.selectionSet && isCompositeType(type) ? refusedCursor(info, selection.selectionSet.selections, type) : null;
      if (nested) return nested;
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
    if (!fragment) continue;
    const type = fragment.typeCondition ? info.schema.getType(fragment.typeCondition.name.value) : parent;
    const nested = type && isCompositeType(type) ? refusedCursor(info, fragment.selectionSet.selections, type) : null;
    if (nested) return nested;
  }
  return null;
}

/** Checks the cursors of a root field's whole selection (its own arguments included) before it runs. */
function checkingCursors<Context>(resolver: GraphQLFieldResolver<unknown, Context, object>): GraphQLFieldResolver<unknown, Context, object> {
  return (parent, args, context, info) => {
    const refused = refusedCursor(info, info.fieldNodes, info.parentType);
    if (refused) throw refused;
    return resolver(parent, args, context, info);
  };
}

class ConnectionCursorsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types["Context"], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types["Context"], object> {
    return fieldConfig.kind === "Query" || fieldConfig.kind === "Mutation" ? checkingCursors(resolver) : resolver;
  }

  override wrapSubscribe(
    subscribe: GraphQLFieldResolver<unknown, Types["Context"], object> | undefined,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types["Context"], object> | undefined {
    return subscribe && fieldConfig.kind === "Subscription" ? checkingCursors(subscribe) : subscribe;
  }
}

/** The plugin's name, for the builder's `plugins` list. */
export const ConnectionCursors = "connectionCursors";
SchemaBuilder.registerPlugin(ConnectionCursors, ConnectionCursorsPlugin);

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      connectionCursors: ConnectionCursorsPlugin<Types>;
    }
  }
}

/** Offsets an offset cursor may name: past this no page holds a row, and beyond 2^63 PostgreSQL refuses the OFFSET. */
const MAX_OFFSET_DIGITS = 9;

/**
 * The arguments of an offset connection (resolveOffsetConnection's), checked before Pothos reads
 * them: it turns `OffsetConnection:-5` or a 20-digit offset into an OFFSET PostgreSQL refuses
 * (INTERNAL), and refuses a bad cursor or a lone `last` without naming the argument.
 */
export function checkOffsetArgs(args: { after?: string | null; before?: string | null; first?: number | null; last?: number | null }): void {
  for (const name of CURSOR_ARGS) {
    const cursor = args[name];
    if (cursor == null) continue;
    let text: string;
    try {
      text = decodeBase64(cursor);
    } catch {
      text = "";
    }
    if (!new RegExp(`^OffsetConnection:\\d{1,${MAX_OFFSET_DIGITS}}$`).test(text)) {
      throw new RunyardError("BAD_USER_INPUT", `${name} is not a cursor of this connection`, { field: name });
    }
  }
  for (const name of ["first", "last"] as const) {
    const size = args[name];
    if (size != null && size < 0) throw new RunyardError("BAD_USER_INPUT", `${name} must be at least 0`, { field: name });
  }
  if (args.last != null && args.before == null && args.first == null) {
    throw new RunyardError("BAD_USER_INPUT", "last pages back from before (or from first): give one of them", { field: "last" });
  }
}
