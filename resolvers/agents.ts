// Agents, each created with its token (shown once).
import { z } from "zod";
import type { Agent } from "../prisma/client.js";
import { assertCompanyOperator, issueToken, requireViewer } from "./auth.js";
import { notFound } from "./errors.js";
import { uuid } from "./ids.js";
import type { RequestContext } from "./runtime.js";
import { name, parseInput, positiveSeconds } from "./validation.js";

const createAgentInput = z.object({
  companyId: uuid,
  name,
  heartbeatTimeoutSeconds: positiveSeconds(24 * 3600).nullish(),
});

export async function createAgent(ctx: RequestContext, input: z.input<typeof createAgentInput>): Promise<{ agent: Agent; token: string }> {
  const viewer = requireViewer(await ctx.viewer());
  const { companyId, name: agentName, heartbeatTimeoutSeconds } = parseInput(createAgentInput, input);
  assertCompanyOperator(viewer, companyId, "company", companyId);
  const company = await ctx.db.company.findUnique({ where: { id: companyId }, select: { id: true } });
  if (!company) throw notFound("company", companyId);
  return ctx.db.$transaction(async (tx) => {
    const agent = await tx.agent.create({ data: { companyId, name: agentName, heartbeatTimeoutSeconds: heartbeatTimeoutSeconds ?? 60 } });
    const { token } = await issueToken(tx, { kind: "AGENT", name: `agent ${agentName}`, companyId, agentId: agent.id });
    return { agent, token };
  });
}
