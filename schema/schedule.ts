// Schedules: wakes of an agent on an issue at an interval or a cron's times.
import { createSchedule, deleteSchedule } from "../resolvers/schedules.js";
import { builder } from "./builder.js";
import { AgentNode } from "./company.js";
import { EnvironmentNode } from "./environment.js";
import { IssueNode } from "./issue.js";

export const ScheduleNode = builder.prismaNode("Schedule", {
  id: { field: "id" },
  // node(id:) of a row that does not exist (or no longer does) is null, not an error.
  nullable: true,
  authScopes: (schedule) => ({ companyMember: schedule.companyId }),
  fields: (t) => ({
    // To-one relations are loaded on their own: see "Relations back to a parent" in builder.ts.
    agent: t.prismaField({ type: "Agent", resolve: (query, schedule, _args, ctx) => ctx.db.agent.findUniqueOrThrow({ ...query, where: { id: schedule.agentId } }) }),
    issue: t.prismaField({ type: "Issue", resolve: (query, schedule, _args, ctx) => ctx.db.issue.findUniqueOrThrow({ ...query, where: { id: schedule.issueId } }) }),
    environment: t.prismaField({
      type: "Environment",
      resolve: (query, schedule, _args, ctx) => ctx.db.environment.findUniqueOrThrow({ ...query, where: { id: schedule.environmentId } }),
    }),
    intervalSeconds: t.exposeInt("intervalSeconds", { nullable: true, description: "Wakes this many seconds apart; null for a cron schedule." }),
    cron: t.exposeString("cron", { nullable: true, description: "5 fields (minute hour day-of-month month day-of-week), in UTC; null for an interval schedule." }),
    nextWakeAt: t.expose("nextWakeAt", { type: "DateTime", description: "On the database's clock. Ticks missed while no replica ran are one wake." }),
    lastWakeAt: t.expose("lastWakeAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const CreateScheduleInput = builder.inputType("CreateScheduleInput", {
  fields: (t) => ({
    agentId: t.globalID({ for: AgentNode, required: true }),
    issueId: t.globalID({ for: IssueNode, required: true }),
    environmentId: t.globalID({ for: EnvironmentNode, description: "Default: the agent's defaultEnvironmentId." }),
    intervalSeconds: t.int({ description: "At least 1. Exactly one of intervalSeconds and cron." }),
    cron: t.string({ description: "5 fields, in UTC. Exactly one of intervalSeconds and cron." }),
  }),
});

const DeleteScheduleInput = builder.inputType("DeleteScheduleInput", {
  fields: (t) => ({ id: t.globalID({ for: ScheduleNode, required: true }) }),
});

builder.mutationFields((t) => ({
  createSchedule: t.field({
    type: ScheduleNode,
    description: 'Operator: wakes the agent on the issue (reason "schedule", coalescing as any wake) at each tick, on whichever replica runs.',
    args: { input: t.arg({ type: CreateScheduleInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createSchedule(ctx, { ...input, agentId: input.agentId.id, issueId: input.issueId.id, environmentId: input.environmentId?.id }),
  }),
  deleteSchedule: t.field({
    type: ScheduleNode,
    description: "Operator: no more wakes; a run it queued stays.",
    args: { input: t.arg({ type: DeleteScheduleInput, required: true }) },
    resolve: (_root, { input }, ctx) => deleteSchedule(ctx, { id: input.id.id }),
  }),
}));
