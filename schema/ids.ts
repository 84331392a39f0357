// Relay global IDs in inputs: decoded and checked against the type they must name, so a wrong or
// malformed id is a BAD_USER_INPUT that names the field.
import { decodeGlobalID } from "@pothos/plugin-relay";
import { RunyardError } from "../resolvers/errors.js";

export function decodeId(globalId: string, typename: string, field: string): string {
  let decoded: { typename: string; id: string } | null = null;
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    decoded = null;
  }
  if (!decoded || decoded.typename !== typename || !decoded.id) {
    throw new RunyardError("BAD_USER_INPUT", `${field} is not a ${typename} id`, { field });
  }
  return decoded.id;
}

export function decodeOptionalId(globalId: string | null | undefined, typename: string, field: string): string | undefined {
  return globalId == null ? undefined : decodeId(globalId, typename, field);
}
