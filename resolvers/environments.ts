// Sandbox environments: a provider, a capacity of concurrent leases, and provider config.
import { z } from "zod";
import type { Environment } from "../prisma/client.js";
import { assertCanSee, assertCompanyOperator, requireViewer } from "./auth.js";
import { RunyardError, notFound } from "./errors.js";
import { uuid } from "./ids.js";
import type { RequestContext } from "./runtime.js";
import { boundedJson, name, parseInput } from "./validation.js";

const createEnvironmentInput = z.object({
  companyId: uuid,
  name,
  providerKey: name,
  capacity: z.number().int().min(1, "must be at least 1").max(10_000, "must be at most 10000"),
  config: boundedJson.nullish(),
});

export async function createEnvironment(ctx: RequestContext, input: z.input<typeof createEnvironmentInput>): Promise<Environment> {
  const viewer = requireViewer(await ctx.viewer());
  const { companyId, name: envName, providerKey, capacity, config } = parseInput(createEnvironmentInput, { config: {}, ...input });
  assertCompanyOperator(viewer, companyId, "company", companyId);
  // A provider that is loaded but still registering (or failed) is accepted: that is decided when
  // a run needs its driver. A key nothing provides is a mistake now.
  if (!ctx.providers.has(providerKey)) {
    throw new RunyardError("BAD_USER_INPUT", `providerKey ${providerKey} names no loaded provider`, { field: "providerKey" });
  }
  const company = await ctx.db.company.findUnique({ where: { id: companyId }, select: { id: true } });
  if (!company) throw notFound("company", companyId);
  return ctx.db.environment.create({ data: { companyId, name: envName, providerKey, capacity, config: config ?? {} } });
}

/** The environments `environments(companyId)` lists, once the caller may see the company. */
export async function environmentsWhere(ctx: RequestContext, args: { companyId: { id: string } }) {
  const companyId = args.companyId.id;
  assertCanSee(requireViewer(await ctx.viewer()), companyId, "company", companyId);
  return { companyId };
}
