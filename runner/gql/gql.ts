/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation RunnerClaim($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status attempt } lease { id fencingToken expiresAt } workspace { id config configVersion } workspaceDir }\n  }\n": typeof types.RunnerClaimDocument,
    "\n  mutation RunnerClaimNext($input: ClaimNextRunInput!) {\n    claimNextRun(input: $input) { run { id status attempt } lease { id fencingToken expiresAt } workspace { id config configVersion } workspaceDir }\n  }\n": typeof types.RunnerClaimNextDocument,
    "\n  mutation RunnerHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { run { id status } cancelRequested cancelReason workspaceConfigVersion leaseExpiresAt }\n  }\n": typeof types.RunnerHeartbeatDocument,
    "\n  query RunnerWorkspace($id: ID!) { run(id: $id) { workspace { id config configVersion } } }\n": typeof types.RunnerWorkspaceDocument,
    "\n  mutation RunnerSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n": typeof types.RunnerSetStateDocument,
    "\n  mutation RunnerFinish($input: FinishRunInput!) { finishRun(input: $input) { id status exitCode } }\n": typeof types.RunnerFinishDocument,
    "\n  mutation RunnerAppendLogs($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted duplicates logsTruncated } }\n": typeof types.RunnerAppendLogsDocument,
};
const documents: Documents = {
    "\n  mutation RunnerClaim($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status attempt } lease { id fencingToken expiresAt } workspace { id config configVersion } workspaceDir }\n  }\n": types.RunnerClaimDocument,
    "\n  mutation RunnerClaimNext($input: ClaimNextRunInput!) {\n    claimNextRun(input: $input) { run { id status attempt } lease { id fencingToken expiresAt } workspace { id config configVersion } workspaceDir }\n  }\n": types.RunnerClaimNextDocument,
    "\n  mutation RunnerHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { run { id status } cancelRequested cancelReason workspaceConfigVersion leaseExpiresAt }\n  }\n": types.RunnerHeartbeatDocument,
    "\n  query RunnerWorkspace($id: ID!) { run(id: $id) { workspace { id config configVersion } } }\n": types.RunnerWorkspaceDocument,
    "\n  mutation RunnerSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n": types.RunnerSetStateDocument,
    "\n  mutation RunnerFinish($input: FinishRunInput!) { finishRun(input: $input) { id status exitCode } }\n": types.RunnerFinishDocument,
    "\n  mutation RunnerAppendLogs($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted duplicates logsTruncated } }\n": types.RunnerAppendLogsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunnerClaim($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status attempt } lease { id fencingToken expiresAt } workspace { id config configVersion } workspaceDir }\n  }\n"): typeof import('./graphql.js').RunnerClaimDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunnerClaimNext($input: ClaimNextRunInput!) {\n    claimNextRun(input: $input) { run { id status attempt } lease { id fencingToken expiresAt } workspace { id config configVersion } workspaceDir }\n  }\n"): typeof import('./graphql.js').RunnerClaimNextDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunnerHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { run { id status } cancelRequested cancelReason workspaceConfigVersion leaseExpiresAt }\n  }\n"): typeof import('./graphql.js').RunnerHeartbeatDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunnerWorkspace($id: ID!) { run(id: $id) { workspace { id config configVersion } } }\n"): typeof import('./graphql.js').RunnerWorkspaceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunnerSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n"): typeof import('./graphql.js').RunnerSetStateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunnerFinish($input: FinishRunInput!) { finishRun(input: $input) { id status exitCode } }\n"): typeof import('./graphql.js').RunnerFinishDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunnerAppendLogs($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted duplicates logsTruncated } }\n"): typeof import('./graphql.js').RunnerAppendLogsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
