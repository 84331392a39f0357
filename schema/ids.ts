// Relay global IDs in inputs. Args and input fields declare their type with the Relay plugin's
// `globalID({ for })`, which decodes them before the resolver runs; this module keeps a malformed
// id out of SQL and makes a refused id a BAD_USER_INPUT that names its field.
import SchemaBuilder, { BasePlugin, mapInputFields, type InputFieldsMapping, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import { decodeGlobalID } from "@pothos/plugin-relay";
import type { GraphQLFieldResolver } from "graphql";
import { RunyardError } from "../resolvers/errors.js";

// Every node's database id is a UUID. Checking the shape here keeps a malformed id out of SQL,
// where PostgreSQL would refuse it with an error that is masked as INTERNAL.
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The types that implement Node. `node(id:)`/`nodes(ids:)` refuse an id of any other type, or a
 * malformed one, as BAD_USER_INPUT before it reaches the database (test/schema.test.ts keeps this
 * list equal to the schema's).
 */
export const NODE_TYPES: ReadonlySet<string> = new Set(["Agent", "ApiToken", "Company", "Environment", "Issue", "Lease", "Run", "Schedule", "Workspace"]);

/** Decodes a global ID, or null if it is not the global ID of a row: base64 of `Type:<uuid>`. */
export function tryDecodeId(globalId: string): { typename: string; id: string } | null {
  try {
    const decoded = decodeGlobalID(globalId);
    return decoded.typename && UUID.test(decoded.id) ? decoded : null;
  } catch {
    return null;
  }
}

/** The types a global-ID input accepts: its `for` types, or null for any node type (node, nodes). */
type Accepts = { typenames: readonly string[] | null };

/** The first global-ID input in `values` that is malformed or of a type `mapping` does not accept. */
function refusedId(
  mapping: InputFieldsMapping<SchemaTypes, Accepts>,
  values: Record<string, unknown>,
  prefix: string,
): RunyardError | null {
  for (const [name, field] of mapping) {
    const items = field.listDepth > 0 && Array.isArray(values[name]) ? (values[name] as unknown[]) : [values[name]];
    for (const [index, value] of items.entries()) {
      if (value == null) continue;
      const path = prefix + name + (field.listDepth > 0 ? `.${index}` : "");
      if (field.kind === "InputObject") {
        const nested = field.fields.map && refusedId(field.fields.map, value as Record<string, unknown>, `${path}.`);
        if (nested) return nested;
      } else if (field.value) {
        const decoded = tryDecodeId(String(value));
        const typenames = field.value.typenames;
        if (!decoded || !(typenames ? typenames.includes(decoded.typename) : NODE_TYPES.has(decoded.typename))) {
          return new RunyardError("BAD_USER_INPUT", `${path} is not ${typenames ? `a ${typenames.join(" or ")}` : "a Runyard"} id`, { field: path });
        }
      }
    }
  }
  return null;
}

function refusedArg(mapping: InputFieldsMapping<SchemaTypes, Accepts>, args: Record<string, unknown>): RunyardError | null {
  for (const [name, field] of mapping) {
    // An input object argument (`input`) is not part of the name, as in the other input checks.
    const value = args[name];
    const refused =
      field.kind === "InputObject" && field.listDepth === 0 && field.fields.map && value != null
        ? refusedId(field.fields.map, value as Record<string, unknown>, "")
        : refusedId(new Map([[name, field]]), args, "");
    if (refused) return refused;
  }
  return null;
}

/**
 * The Relay plugin reports a refused id without saying which input held it (a wrong type is a
 * PothosValidationError naming only the id; `decodeGlobalID` is not told the field). When decoding
 * a field's arguments fails, this finds the refused input and reports it by name: `companyId` for an
 * argument, `runId` for `input.runId`, as the other input checks name fields.
 */
class GlobalIdFieldsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapArgMappers(
    resolver: GraphQLFieldResolver<unknown, Types["Context"], object> | undefined,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types["Context"], object> | undefined {
    const mapping = mapInputFields(fieldConfig.args, this.buildCache, (input): Accepts | null => {
      const extensions = input.extensions as { isRelayGlobalID?: boolean; relayGlobalIDFor?: Array<{ typename: string }> | null } | undefined;
      if (!extensions?.isRelayGlobalID) return null;
      return { typenames: extensions.relayGlobalIDFor?.map(({ typename }) => typename) ?? null };
    }) as InputFieldsMapping<SchemaTypes, Accepts> | null;
    if (!resolver || !mapping) return resolver;
    return (parent, args, context, info) => {
      // Arguments are decoded synchronously, before the resolver; a resolver's own error has no
      // refused id to blame and passes through unchanged.
      try {
        return resolver(parent, args, context, info);
      } catch (error) {
        throw refusedArg(mapping, args as Record<string, unknown>) ?? error;
      }
    };
  }
}

/** The plugin's name, for the builder's `plugins` list. */
export const GlobalIdFields = "globalIdFields";
SchemaBuilder.registerPlugin(GlobalIdFields, GlobalIdFieldsPlugin);

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      globalIdFields: GlobalIdFieldsPlugin<Types>;
    }
  }
}
