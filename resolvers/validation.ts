// Input rules shared by every mutation. A failed rule is a BAD_USER_INPUT naming the field.
import { z } from "zod";
import { RunyardError } from "./errors.js";

export const MAX_JSON_BYTES = 64 * 1024;

/** Free text PostgreSQL can store: it refuses NUL characters in text and jsonb. */
export const text = (max: number) =>
  z.string().max(max, `must be at most ${max} characters`).refine((s) => !s.includes("\0"), "must not contain NUL characters");

export const name = text(200).pipe(z.string().trim().min(1, "must not be empty"));
export const positiveSeconds = (max: number) => z.number().int().min(1, "must be at least 1").max(max, `must be at most ${max}`);
export const stateKey = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .regex(/^[A-Za-z0-9_.:-]+$/, "may contain only letters, digits, '_', '.', ':' and '-'");

/** Any JSON value whose serialisation stays under MAX_JSON_BYTES. */
export const boundedJson = z.unknown().superRefine((value, ctx) => {
  if (value === undefined) {
    ctx.addIssue({ code: "custom", message: "is required" });
    return;
  }
  const json = JSON.stringify(value);
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_JSON_BYTES) ctx.addIssue({ code: "custom", message: `is ${bytes} bytes; at most ${MAX_JSON_BYTES} allowed` });
  else if (json.includes("\\u0000")) ctx.addIssue({ code: "custom", message: "must not contain NUL characters" });
});

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join(".");
  throw new RunyardError("BAD_USER_INPUT", `${field || "input"} ${issue.message}`, { field });
}
