// Input rules shared by every mutation. A failed rule is a BAD_USER_INPUT naming the field.
import { z } from "zod";
import { RunyardError } from "./errors.js";

export const MAX_JSON_BYTES = 64 * 1024;
/** Arrays and objects within one another, at most: deeper is a mistake (or an attack on recursive code). */
export const MAX_JSON_DEPTH = 64;

// In unicode mode this matches only an unpaired surrogate: a pair (an emoji) is one code point.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * What in `s` PostgreSQL could not store faithfully, if anything: it refuses NUL in text and jsonb,
 * and a lone UTF-16 surrogate has no UTF-8 form (jsonb refuses it, text would silently store U+FFFD).
 */
export function unstorable(s: string): string | null {
  if (s.includes("\0")) return "NUL characters";
  if (LONE_SURROGATE.test(s)) return "a lone UTF-16 surrogate";
  return null;
}

/** Free text PostgreSQL can store. */
export const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .superRefine((s, ctx) => {
      const found = unstorable(s);
      if (found) ctx.addIssue({ code: "custom", message: `must not contain ${found}` });
    });

export const name = text(200).pipe(z.string().trim().min(1, "must not be empty"));
export const positiveSeconds = (max: number) => z.number().int().min(1, "must be at least 1").max(max, `must be at most ${max}`);
export const stateKey = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .regex(/^[A-Za-z0-9_.:-]+$/, "may contain only letters, digits, '_', '.', ':' and '-'");

/**
 * What is wrong with a JSON value, if anything: nesting deeper than MAX_JSON_DEPTH, or a key or
 * string PostgreSQL cannot store. Walked with a stack, not recursion, so no depth overflows it.
 */
function jsonProblem(value: unknown): string | null {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value === "string") {
      const found = unstorable(next.value);
      if (found) return `must not contain ${found}`;
      continue;
    }
    if (typeof next.value !== "object" || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > MAX_JSON_DEPTH) return `must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep`;
    for (const [key, child] of Object.entries(next.value)) {
      const found = Array.isArray(next.value) ? null : unstorable(key);
      if (found) return `must not have a key containing ${found}`;
      pending.push({ value: child, depth });
    }
  }
  return null;
}

/** Any JSON value PostgreSQL can store, at most MAX_JSON_DEPTH deep, whose serialisation stays under MAX_JSON_BYTES. */
export const boundedJson = z.unknown().superRefine((value, ctx) => {
  if (value === undefined) {
    ctx.addIssue({ code: "custom", message: "is required" });
    return;
  }
  const problem = jsonProblem(value);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem });
    return;
  }
  const bytes = Buffer.byteLength(JSON.stringify(value));
  if (bytes > MAX_JSON_BYTES) ctx.addIssue({ code: "custom", message: `is ${bytes} bytes; at most ${MAX_JSON_BYTES} allowed` });
});

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join(".");
  throw new RunyardError("BAD_USER_INPUT", `${field || "input"} ${issue.message}`, { field });
}
