// Companies and their operator tokens.
import { z } from "zod";
import type { Company } from "../prisma/client.js";
import { revokeApiTokenRow } from "../prisma/sql/revoke-api-token.js";
import { assertAdmin, assertCompanyOperator, canOperateCompany, issueToken, requireViewer } from "./auth.js";
import { notFound } from "./errors.js";
import { uuid } from "./ids.js";
import type { RequestContext } from "./runtime.js";
import { name, parseInput } from "./validation.js";

const createCompanyInput = z.object({ name });

export async function createCompany(ctx: RequestContext, input: z.input<typeof createCompanyInput>): Promise<Company> {
  assertAdmin(requireViewer(await ctx.viewer()));
  const data = parseInput(createCompanyInput, input);
  return ctx.db.company.create({ data });
}

const createOperatorTokenInput = z.object({ companyId: uuid, name });

export async function createOperatorToken(
  ctx: RequestContext,
  input: z.input<typeof createOperatorTokenInput>,
): Promise<{ token: string; apiTokenId: string }> {
  const viewer = requireViewer(await ctx.viewer());
  const { companyId, name: tokenName } = parseInput(createOperatorTokenInput, input);
  assertCompanyOperator(viewer, companyId, "company", companyId);
  const company = await ctx.db.company.findUnique({ where: { id: companyId }, select: { id: true } });
  if (!company) throw notFound("company", companyId);
  const { token, id } = await issueToken(ctx.db, { kind: "OPERATOR", name: tokenName, companyId });
  return { token, apiTokenId: id };
}

const revokeApiTokenInput = z.object({ id: uuid });

/** Admin tokens are revoked by the admin; company tokens by their company's operators. */
export async function revokeApiToken(ctx: RequestContext, input: z.input<typeof revokeApiTokenInput>) {
  const viewer = requireViewer(await ctx.viewer());
  const { id } = parseInput(revokeApiTokenInput, input);
  const token = await ctx.db.apiToken.findUnique({ where: { id } });
  // Token rows are visible to those who manage them (as ApiToken reads are): anyone else, even an
  // agent of the same company, is answered as for a token that does not exist.
  if (!token || !(token.companyId ? canOperateCompany(viewer, token.companyId) : viewer.kind === "ADMIN")) throw notFound("token", id);
  const revoked = await revokeApiTokenRow(ctx.db, id);
  announceTokenRevoked(ctx, id);
  return revoked;
}

/** After the revocation committed: every replica evicts the token from its cache and closes its sockets. */
export function announceTokenRevoked(ctx: RequestContext, tokenId: string): void {
  ctx.viewers.evict(tokenId);
  ctx.pubsub.publish("tokenRevoked", { tokenId });
}

/** The companies the caller sees: all of them for the admin, else its own. */
export async function companiesWhere(ctx: RequestContext) {
  const viewer = requireViewer(await ctx.viewer());
  return viewer.kind === "ADMIN" ? {} : { id: viewer.companyId };
}
