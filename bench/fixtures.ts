// Setting up what the benchmarks load: a company, environments, agents (each with its own token)
// and runs, through the public API as an operator would.
import { ADMIN_TOKEN, gqlData, mapLimit } from "./support.js";

export interface Agent {
  id: string;
  token: string;
}

export async function createCompany(url: string, name: string): Promise<string> {
  const data = await gqlData<{ createCompany: { id: string } }>(url, ADMIN_TOKEN, `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
    input: { name },
  });
  return data.createCompany.id;
}

export async function createEnvironment(url: string, companyId: string, name: string, capacity: number): Promise<string> {
  const data = await gqlData<{ createEnvironment: { id: string } }>(
    url,
    ADMIN_TOKEN,
    `mutation($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }`,
    { input: { companyId, name, providerKey: "local", capacity, config: {} } },
  );
  return data.createEnvironment.id;
}

export async function createIssue(url: string, companyId: string, title: string): Promise<string> {
  const data = await gqlData<{ createIssue: { id: string } }>(url, ADMIN_TOKEN, `mutation($input: CreateIssueInput!) { createIssue(input: $input) { id } }`, {
    input: { companyId, title, workspaceConfig: { bench: true } },
  });
  return data.createIssue.id;
}

export async function createAgents(url: string, companyId: string, count: number, heartbeatTimeoutSeconds: number, prefix: string): Promise<Agent[]> {
  return mapLimit(Array.from({ length: count }, (_, i) => i), 12, async (i) => {
    const data = await gqlData<{ createAgent: { agent: { id: string }; token: string } }>(
      url,
      ADMIN_TOKEN,
      `mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }`,
      { input: { companyId, name: `${prefix}-${i}`, heartbeatTimeoutSeconds } },
    );
    return { id: data.createAgent.agent.id, token: data.createAgent.token };
  });
}

export async function startRun(url: string, agent: Agent, issueId: string, environmentId: string): Promise<string> {
  const data = await gqlData<{ startRun: { id: string } }>(url, agent.token, `mutation($input: StartRunInput!) { startRun(input: $input) { id status } }`, {
    input: { agentId: agent.id, issueId, environmentId },
  });
  return data.startRun.id;
}

export async function claimRun(url: string, agent: Agent, runId: string, runnerId: string, pid: number): Promise<{ leaseId: string; fencingToken: number }> {
  const data = await gqlData<{ claimRun: { run: { status: string }; lease: { id: string; fencingToken: number } } }>(
    url,
    agent.token,
    `mutation($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } lease { id fencingToken } } }`,
    { input: { runId, runnerId, pid } },
  );
  return { leaseId: data.claimRun.lease.id, fencingToken: data.claimRun.lease.fencingToken };
}

export interface RunningRun {
  issueId: string;
  agent: Agent;
  runId: string;
}

/** A company with one agent whose run is RUNNING (claimed by this process), for benches that watch one run. */
export async function createRunningRun(url: string, name: string): Promise<RunningRun> {
  const companyId = await createCompany(url, `bench-${name}`);
  const environmentId = await createEnvironment(url, companyId, "bench", 1);
  const issueId = await createIssue(url, companyId, `bench ${name}`);
  const [agent] = await createAgents(url, companyId, 1, 3600, name);
  const runId = await startRun(url, agent!, issueId, environmentId);
  await claimRun(url, agent!, runId, "bench-runner", process.pid);
  return { issueId, agent: agent!, runId };
}
