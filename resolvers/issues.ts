// Issues. Updating one syncs its OPEN workspace in the same transaction, and subscribers hear of
// it after commit.
import { z } from "zod";
import type { Issue, IssueStatus } from "../prisma/client.js";
import { syncOpenWorkspaceConfig } from "../prisma/sql/sync-open-workspace-config.js";
import { assertCanSee, assertCompanyOperator, requireViewer } from "./auth.js";
import { notFound } from "./errors.js";
import { publishWorkspaceChanged } from "./events.js";
import { uuid } from "./ids.js";
import { announceEndedLeases } from "./leases.js";
import { announceTransitions, applyRunTransition, runTransitions } from "./run-transitions.js";
import type { RequestContext } from "./runtime.js";
import { boundedJson, name, parseInput } from "./validation.js";
import { archiveIdleWorkspaces } from "./workspaces.js";

// Concurrent updates of one issue queue on its row lock; give them time rather than fail.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

const issueStatus = z.enum(["OPEN", "IN_PROGRESS", "DONE", "CANCELLED"]);

const createIssueInput = z.object({ companyId: uuid, title: name, workspaceConfig: boundedJson.nullish() });

export async function createIssue(ctx: RequestContext, input: z.input<typeof createIssueInput>): Promise<Issue> {
  const viewer = requireViewer(await ctx.viewer());
  const { companyId, title, workspaceConfig } = parseInput(createIssueInput, { workspaceConfig: {}, ...input });
  assertCompanyOperator(viewer, companyId, "company", companyId);
  const company = await ctx.db.company.findUnique({ where: { id: companyId }, select: { id: true } });
  if (!company) throw notFound("company", companyId);
  return ctx.db.issue.create({ data: { companyId, title, workspaceConfig: workspaceConfig ?? {} } });
}

const updateIssueInput = z.object({
  id: uuid,
  title: name.nullish(),
  status: issueStatus.nullish(),
  workspaceConfig: boundedJson.nullish(),
});

export async function updateIssue(ctx: RequestContext, input: z.input<typeof updateIssueInput>): Promise<Issue> {
  const viewer = requireViewer(await ctx.viewer());
  const { id, title, status, workspaceConfig } = parseInput(updateIssueInput, input);
  const existing = await ctx.db.issue.findUnique({ where: { id }, select: { companyId: true } });
  if (!existing) throw notFound("issue", id);
  assertCompanyOperator(viewer, existing.companyId, "issue", id);
  const { issue, changed, cancelled } = await ctx.db.$transaction(async (tx) => {
    const issue = await tx.issue.update({
      where: { id },
      data: { title: title ?? undefined, status: status ?? undefined, workspaceConfig: workspaceConfig ?? undefined },
    });
    const synced = workspaceConfig == null ? null : await syncOpenWorkspaceConfig(tx, id, workspaceConfig);
    const closing = status === "DONE" || status === "CANCELLED";
    const cancelled = closing ? await applyRunTransition(tx, runTransitions.closeIssue(id, status)) : { transitions: [], endedLeases: [], retries: [] };
    const archived = closing ? await archiveIdleWorkspaces(tx, id) : [];
    // An archive after a sync in one update: the archived row is the latest.
    const changed = archived[0] ?? synced;
    return { issue, changed, cancelled };
  }, TRANSACTION_OPTIONS);
  announceTransitions(ctx, cancelled.transitions);
  await announceEndedLeases(ctx, cancelled.endedLeases);
  if (changed) publishWorkspaceChanged(ctx.pubsub, changed);
  return issue;
}

/** The issues `issues(companyId, status)` lists, once the caller may see the company. */
export async function issuesWhere(ctx: RequestContext, args: { companyId: { id: string }; status?: IssueStatus | null }) {
  const companyId = args.companyId.id;
  assertCanSee(requireViewer(await ctx.viewer()), companyId, "company", companyId);
  return { companyId, status: args.status ?? undefined };
}
