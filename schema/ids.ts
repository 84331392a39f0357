// Relay global IDs in inputs: decoded and checked against the type they must name, so a wrong or
// malformed id is a BAD_USER_INPUT that names the field.
import { decodeGlobalID } from "@pothos/plugin-relay";
import { RunyardError } from "../resolvers/errors.js";

// Every node's database id is a UUID. Checking the shape here keeps a malformed id out of SQL,
// where PostgreSQL would refuse it with an error that is masked as INTERNAL.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUuid(id: string): boolean {
  return UUID.test(id);
}

/** Decodes a global ID, or null if it is not the global ID of a row: base64 of `Type:<uuid>`. */
export function tryDecodeId(globalId: string): { typename: string; id: string } | null {
  try {
    const decoded = decodeGlobalID(globalId);
    return decoded.typename && isUuid(decoded.id) ? decoded : null;
  } catch {
    return null;
  }
}

/** `globalId` as Pothos hands over an `ID` argument: a string, or a number for a numeric literal. */
export function decodeId(globalId: string | number, typename: string, field: string): string {
  const decoded = tryDecodeId(String(globalId));
  if (!decoded || decoded.typename !== typename) {
    throw new RunyardError("BAD_USER_INPUT", `${field} is not a ${typename} id`, { field });
  }
  return decoded.id;
}

export function decodeOptionalId(globalId: string | number | null | undefined, typename: string, field: string): string | undefined {
  return globalId == null ? undefined : decodeId(globalId, typename, field);
}
