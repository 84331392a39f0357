// Execution workspaces: one OPEN per issue (a partial unique index), reused by the issue's runs,
// archived once the issue is closed and nothing runs in it.
import type { Workspace } from "../prisma/client.js";
import type { SqlClient } from "../prisma/sql/db.js";
import { archiveIdleWorkspaces as archiveIdleWorkspacesSql } from "../prisma/sql/archive-idle-workspaces.js";
import { insertOpenWorkspace } from "../prisma/sql/insert-open-workspace.js";
import { lockIssueForShare } from "../prisma/sql/lock-issue-for-share.js";
import { lockOpenWorkspace } from "../prisma/sql/lock-open-workspace.js";
import { openWorkspaceOfIssue } from "../prisma/sql/open-workspace-of-issue.js";
import { RunyardError, notFound } from "./errors.js";

/**
 * The issue's OPEN workspace, created from its workspaceConfig if it has none. Two callers racing
 * on a fresh issue both end up with the one row the unique index let in.
 *
 * The issue row is share-locked first, so the config copied into a new workspace is the committed
 * one: an `updateIssue` in flight either commits before (and its config is copied) or waits for
 * this transaction (and then syncs the workspace it inserted). A closed issue takes no new runs.
 */
export async function ensureOpenWorkspace(tx: SqlClient, issueId: string): Promise<Workspace> {
  const issue = await lockIssueForShare(tx, issueId);
  if (!issue) throw notFound("issue", issueId);
  if (issue.status === "DONE" || issue.status === "CANCELLED") {
    throw new RunyardError("BAD_USER_INPUT", `issue is ${issue.status}; a closed issue takes no runs`, { field: "issueId" });
  }
  const inserted = await insertOpenWorkspace(tx, issueId);
  if (inserted) return inserted;
  const existing = await openWorkspaceOfIssue(tx, issueId);
  if (!existing) throw new RunyardError("INTERNAL", "workspace could not be created");
  return existing;
}

/**
 * Archives the workspaces (of the given issue, or all) whose issue is closed and that run nothing.
 *
 * For one issue, its OPEN workspace is row-locked first and decided in a later statement: of a
 * transaction closing the issue and one ending its RUNNING run (a workspace admits one at a time),
 * the second waits for the first and then sees its commit, so one of them archives.
 * (Deciding in one statement, each would still see the other's run RUNNING, and neither would.)
 * The reaper's sweep over all issues skips rows others hold; whoever holds them decides.
 */
export async function archiveIdleWorkspaces(tx: SqlClient, issueId?: string): Promise<Workspace[]> {
  if (issueId && !(await lockOpenWorkspace(tx, issueId))) return [];
  return archiveIdleWorkspacesSql(tx, issueId);
}
