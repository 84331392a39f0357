/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AppendRunLogsInput = {
  /** 1 to 1,000 chunks, at most 1 MiB of text in all. */
  chunks: Array<RunLogChunkInput>;
  runId: string | number;
};

export type CancelReason =
  /** The agent's cost this calendar month (UTC) reached its monthlyBudgetCents. */
  | 'BUDGET_EXCEEDED'
  /** cancelRun. */
  | 'REQUESTED';

export type ClaimNextRunInput = {
  /** Only runs in these environments. */
  environmentIds?: Array<string | number> | null | undefined;
  /** Lease TTL, renewed by each heartbeat. Default: twice the agent's heartbeat timeout. */
  leaseTtlSeconds?: number | null | undefined;
  pid: number;
  runnerId: string;
  /** 0–60, default 0: how long to wait for a run when none is claimable now. */
  waitSeconds?: number | null | undefined;
};

export type ClaimRunInput = {
  /** Lease TTL, renewed by each heartbeat. Default: twice the agent's heartbeat timeout. */
  leaseTtlSeconds?: number | null | undefined;
  pid: number;
  runId: string | number;
  runnerId: string;
};

export type FinishRunInput = {
  error?: string | null | undefined;
  exitCode?: number | null | undefined;
  runId: string | number;
  status: RunFinishStatus;
};

export type HeartbeatInput = {
  pid: number;
  runId: string | number;
  /** Runtime state upserted with the heartbeat, keys unique. */
  state?: Array<RuntimeStateEntry> | null | undefined;
  /** The run's cumulative totals so far, key → non-negative number: inputTokens, outputTokens, costCents and any other key. Per key the server keeps the largest, so a resent heartbeat counts once. */
  usage?: unknown;
};

export type RunFinishStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'SUCCEEDED';

export type RunLogChunkInput = {
  /** 0 or more, unique per run: a chunk sent again with its seq is stored once. */
  seq: number;
  stream: RunLogStream;
  /** At most 64 KiB (UTF-8). */
  text: string;
};

export type RunLogStream =
  | 'STDERR'
  | 'STDOUT';

export type RunStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'LOST'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'TIMED_OUT';

export type RuntimeStateEntry = {
  key: string;
  value: unknown;
};

export type SetRuntimeStateInput = {
  key: string;
  runId: string | number;
  value: unknown;
};

export type RunnerClaimMutationVariables = Exact<{
  input: ClaimRunInput;
}>;


export type RunnerClaimMutation = { claimRun: { workspaceDir: string | null, run: { id: string, status: RunStatus, attempt: number }, lease: { id: string, fencingToken: number, expiresAt: string }, workspace: { id: string, config: unknown, configVersion: number } } };

export type RunnerClaimNextMutationVariables = Exact<{
  input: ClaimNextRunInput;
}>;


export type RunnerClaimNextMutation = { claimNextRun: { workspaceDir: string | null, run: { id: string, status: RunStatus, attempt: number }, lease: { id: string, fencingToken: number, expiresAt: string }, workspace: { id: string, config: unknown, configVersion: number } } | null };

export type RunnerHeartbeatMutationVariables = Exact<{
  input: HeartbeatInput;
}>;


export type RunnerHeartbeatMutation = { heartbeat: { cancelRequested: boolean, cancelReason: CancelReason | null, workspaceConfigVersion: number, leaseExpiresAt: string | null, run: { id: string, status: RunStatus } } };

export type RunnerWorkspaceQueryVariables = Exact<{
  id: string | number;
}>;


export type RunnerWorkspaceQuery = { run: { workspace: { id: string, config: unknown, configVersion: number } } | null };

export type RunnerSetStateMutationVariables = Exact<{
  input: SetRuntimeStateInput;
}>;


export type RunnerSetStateMutation = { setRuntimeState: { key: string, version: number } };

export type RunnerFinishMutationVariables = Exact<{
  input: FinishRunInput;
}>;


export type RunnerFinishMutation = { finishRun: { id: string, status: RunStatus, exitCode: number | null } };

export type RunnerAppendLogsMutationVariables = Exact<{
  input: AppendRunLogsInput;
}>;


export type RunnerAppendLogsMutation = { appendRunLogs: { accepted: number, duplicates: number, logsTruncated: boolean } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const RunnerClaimDocument = new TypedDocumentString(`
    mutation RunnerClaim($input: ClaimRunInput!) {
  claimRun(input: $input) {
    run {
      id
      status
      attempt
    }
    lease {
      id
      fencingToken
      expiresAt
    }
    workspace {
      id
      config
      configVersion
    }
    workspaceDir
  }
}
    `) as unknown as TypedDocumentString<RunnerClaimMutation, RunnerClaimMutationVariables>;
export const RunnerClaimNextDocument = new TypedDocumentString(`
    mutation RunnerClaimNext($input: ClaimNextRunInput!) {
  claimNextRun(input: $input) {
    run {
      id
      status
      attempt
    }
    lease {
      id
      fencingToken
      expiresAt
    }
    workspace {
      id
      config
      configVersion
    }
    workspaceDir
  }
}
    `) as unknown as TypedDocumentString<RunnerClaimNextMutation, RunnerClaimNextMutationVariables>;
export const RunnerHeartbeatDocument = new TypedDocumentString(`
    mutation RunnerHeartbeat($input: HeartbeatInput!) {
  heartbeat(input: $input) {
    run {
      id
      status
    }
    cancelRequested
    cancelReason
    workspaceConfigVersion
    leaseExpiresAt
  }
}
    `) as unknown as TypedDocumentString<RunnerHeartbeatMutation, RunnerHeartbeatMutationVariables>;
export const RunnerWorkspaceDocument = new TypedDocumentString(`
    query RunnerWorkspace($id: ID!) {
  run(id: $id) {
    workspace {
      id
      config
      configVersion
    }
  }
}
    `) as unknown as TypedDocumentString<RunnerWorkspaceQuery, RunnerWorkspaceQueryVariables>;
export const RunnerSetStateDocument = new TypedDocumentString(`
    mutation RunnerSetState($input: SetRuntimeStateInput!) {
  setRuntimeState(input: $input) {
    key
    version
  }
}
    `) as unknown as TypedDocumentString<RunnerSetStateMutation, RunnerSetStateMutationVariables>;
export const RunnerFinishDocument = new TypedDocumentString(`
    mutation RunnerFinish($input: FinishRunInput!) {
  finishRun(input: $input) {
    id
    status
    exitCode
  }
}
    `) as unknown as TypedDocumentString<RunnerFinishMutation, RunnerFinishMutationVariables>;
export const RunnerAppendLogsDocument = new TypedDocumentString(`
    mutation RunnerAppendLogs($input: AppendRunLogsInput!) {
  appendRunLogs(input: $input) {
    accepted
    duplicates
    logsTruncated
  }
}
    `) as unknown as TypedDocumentString<RunnerAppendLogsMutation, RunnerAppendLogsMutationVariables>;