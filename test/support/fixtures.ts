// Setup shared by the test files: the documents that seed a company (agents, an issue, an
// environment) and move runs along, written once, and small helpers around them. A file's own
// assertions select their own fields in their own documents; these select what setup needs.
import { graphql } from "../gql/index.js";
import { gqlData } from "./graphql-client.js";
import { TEST_ADMIN_TOKEN } from "./server-process.js";

export const CreateCompany = graphql(`
  mutation FixtureCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }
`);
export const CreateAgent = graphql(`
  mutation FixtureCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id heartbeatTimeoutSeconds } token } }
`);
export const CreateIssue = graphql(`
  mutation FixtureCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }
`);
export const CreateEnvironment = graphql(`
  mutation FixtureCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id providerKey capacity } }
`);
export const UpdateAgentConcurrency = graphql(`
  mutation FixtureUpdateAgentConcurrency($input: UpdateAgentInput!) { updateAgent(input: $input) { id maxConcurrentRuns } }
`);
export const StartRun = graphql(`
  mutation FixtureStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id } } }
`);
export const ClaimRun = graphql(`
  mutation FixtureClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } lease { id fencingToken status } } }
`);
export const Heartbeat = graphql(`
  mutation FixtureHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested run { status } } }
`);
export const FinishRun = graphql(`
  mutation FixtureFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status } }
`);
export const CancelRun = graphql(`
  mutation FixtureCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }
`);
export const AcquireLease = graphql(`
  mutation FixtureAcquireLease($input: AcquireLeaseInput!) { acquireLease(input: $input) { id slot fencingToken status } }
`);
export const ReleaseLease = graphql(`
  mutation FixtureReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status releaseReason } }
`);

/** An agent and its token. */
export interface Agent {
  id: string;
  token: string;
}

export interface AgentSpec {
  name: string;
  /** Omitted: the server's default. */
  heartbeatTimeoutSeconds?: number;
  /** Omitted: the server's default (1), set with updateAgent. */
  maxConcurrentRuns?: number;
}

export interface EnvironmentSpec {
  /** Default "local". */
  name?: string;
  /** Default "local". */
  providerKey?: string;
  capacity: number;
  config?: Record<string, unknown>;
}

export async function createCompany(url: string, name: string): Promise<string> {
  const { createCompany } = await gqlData(url, TEST_ADMIN_TOKEN, CreateCompany, { input: { name } });
  return createCompany.id;
}

/** An agent of the company, with the heartbeatTimeoutSeconds the server recorded for it. */
export async function createAgent(url: string, companyId: string, spec: AgentSpec): Promise<Agent & { heartbeatTimeoutSeconds: number }> {
  const { maxConcurrentRuns, ...create } = spec;
  const { createAgent } = await gqlData(url, TEST_ADMIN_TOKEN, CreateAgent, { input: { companyId, ...create } });
  if (maxConcurrentRuns !== undefined) {
    await gqlData(url, TEST_ADMIN_TOKEN, UpdateAgentConcurrency, { input: { id: createAgent.agent.id, maxConcurrentRuns } });
  }
  return { id: createAgent.agent.id, token: createAgent.token, heartbeatTimeoutSeconds: createAgent.agent.heartbeatTimeoutSeconds };
}

export async function createIssue(url: string, companyId: string, title: string, workspaceConfig?: unknown): Promise<string> {
  const input = workspaceConfig === undefined ? { companyId, title } : { companyId, title, workspaceConfig };
  const { createIssue } = await gqlData(url, TEST_ADMIN_TOKEN, CreateIssue, { input });
  return createIssue.id;
}

export async function createEnvironment(url: string, companyId: string, spec: EnvironmentSpec): Promise<{ id: string; providerKey: string; capacity: number }> {
  const { name = "local", providerKey = "local", capacity, config } = spec;
  const input = config === undefined ? { companyId, name, providerKey, capacity } : { companyId, name, providerKey, capacity, config };
  const { createEnvironment } = await gqlData(url, TEST_ADMIN_TOKEN, CreateEnvironment, { input });
  return createEnvironment;
}

export interface SeedOptions {
  /** The company's name. */
  company: string;
  /** Created in parallel; `agents[i]` of the result is the agent of `agents[i]` here. */
  agents: Array<string | AgentSpec>;
  /** An issue with this title. */
  issue?: string;
  environment?: EnvironmentSpec;
}

export type Seed<O extends SeedOptions> = { companyId: string; agents: Agent[] } & (O extends { issue: string } ? { issueId: string } : unknown) &
  (O extends { environment: EnvironmentSpec } ? { environmentId: string } : unknown);

/** A company with its agents, and the issue and environment the options ask for (through the admin token). */
export async function seedCompany<const O extends SeedOptions>(url: string, options: O): Promise<Seed<O>> {
  const companyId = await createCompany(url, options.company);
  const agents = await Promise.all(
    options.agents.map(async (spec) => {
      const { id, token } = await createAgent(url, companyId, typeof spec === "string" ? { name: spec } : spec);
      return { id, token };
    }),
  );
  const seed: { companyId: string; agents: Agent[]; issueId?: string; environmentId?: string } = { companyId, agents };
  if (options.issue !== undefined) seed.issueId = await createIssue(url, companyId, options.issue);
  if (options.environment !== undefined) seed.environmentId = (await createEnvironment(url, companyId, options.environment)).id;
  return seed as Seed<O>;
}

/** A QUEUED run of the agent (as the server answered: the test asserts on the status). */
export async function startRun(
  url: string,
  agent: Agent,
  target: { issueId: string; environmentId: string },
): Promise<{ id: string; status: string; workspace: { id: string } }> {
  const { startRun } = await gqlData(url, agent.token, StartRun, { input: { agentId: agent.id, issueId: target.issueId, environmentId: target.environmentId } });
  return startRun;
}

/** Claims the run for the agent's token: the run (RUNNING on success) and the lease it got. */
export async function claimRun(url: string, token: string, runId: string, runner: { runnerId: string; pid: number }) {
  const { claimRun } = await gqlData(url, token, ClaimRun, { input: { runId, runnerId: runner.runnerId, pid: runner.pid } });
  return claimRun;
}
