// The run status enum, on its own so that the agent's types (schema/company.ts: retryOn) and the
// run's (schema/run.ts) both use it without importing each other.
import { builder } from "./builder.js";

export const RunStatus = builder.enumType("RunStatus", {
  values: ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "LOST"] as const,
});
