// The runner's GraphQL operations; `npm run codegen` turns them into typed documents in runner/gql.
import { graphql } from "./gql/index.js";

export const ClaimRun = graphql(`
  mutation RunnerClaim($input: ClaimRunInput!) {
    claimRun(input: $input) { run { id status attempt } lease { id fencingToken expiresAt } workspace { id config configVersion } workspaceDir }
  }
`);

export const ClaimNextRun = graphql(`
  mutation RunnerClaimNext($input: ClaimNextRunInput!) {
    claimNextRun(input: $input) { run { id status attempt } lease { id fencingToken expiresAt } workspace { id config configVersion } workspaceDir }
  }
`);

export const Heartbeat = graphql(`
  mutation RunnerHeartbeat($input: HeartbeatInput!) {
    heartbeat(input: $input) { run { id status } cancelRequested cancelReason workspaceConfigVersion leaseExpiresAt }
  }
`);

export const RunWorkspace = graphql(`
  query RunnerWorkspace($id: ID!) { run(id: $id) { workspace { id config configVersion } } }
`);

export const SetRuntimeState = graphql(`
  mutation RunnerSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }
`);

export const FinishRun = graphql(`
  mutation RunnerFinish($input: FinishRunInput!) { finishRun(input: $input) { id status exitCode } }
`);

export const AppendRunLogs = graphql(`
  mutation RunnerAppendLogs($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted duplicates logsTruncated } }
`);
