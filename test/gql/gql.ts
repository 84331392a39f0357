/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

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
    "\n  mutation AuthCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n      name\n    }\n  }\n": typeof types.AuthCreateCompanyDocument,
    "\n  mutation AuthCreateOperatorToken($companyId: ID!, $name: String!) {\n    createOperatorToken(input: { companyId: $companyId, name: $name }) {\n      token\n      apiToken {\n        id\n        kind\n      }\n    }\n  }\n": typeof types.AuthCreateOperatorTokenDocument,
    "\n  mutation AuthRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.AuthRevokeApiTokenDocument,
    "\n  mutation AuthCreateAgent($companyId: ID!, $name: String!) {\n    createAgent(input: { companyId: $companyId, name: $name }) {\n      token\n      agent {\n        id\n      }\n    }\n  }\n": typeof types.AuthCreateAgentDocument,
    "\n  mutation AuthCreateIssue($companyId: ID!, $title: String!) {\n    createIssue(input: { companyId: $companyId, title: $title }) {\n      id\n      title\n    }\n  }\n": typeof types.AuthCreateIssueDocument,
    "\n  mutation AuthUpdateIssueTitle($id: ID!, $title: String!) {\n    updateIssue(input: { id: $id, title: $title }) {\n      id\n      title\n    }\n  }\n": typeof types.AuthUpdateIssueTitleDocument,
    "\n  mutation AuthCreateEnvironment($companyId: ID!, $name: String!) {\n    createEnvironment(input: { companyId: $companyId, name: $name, providerKey: \"local\", capacity: 5 }) {\n      id\n    }\n  }\n": typeof types.AuthCreateEnvironmentDocument,
    "\n  mutation AuthStartRun($agentId: ID!, $issueId: ID!, $environmentId: ID!) {\n    startRun(input: { agentId: $agentId, issueId: $issueId, environmentId: $environmentId }) {\n      id\n      status\n    }\n  }\n": typeof types.AuthStartRunDocument,
    "\n  mutation AuthClaimRun($runId: ID!) {\n    claimRun(input: { runId: $runId, runnerId: \"auth-test\", pid: 4242 }) {\n      run {\n        id\n        status\n      }\n    }\n  }\n": typeof types.AuthClaimRunDocument,
    "\n  mutation AuthHeartbeat($runId: ID!) {\n    heartbeat(input: { runId: $runId, pid: 4242 }) {\n      cancelRequested\n    }\n  }\n": typeof types.AuthHeartbeatDocument,
    "\n  mutation AuthSetRuntimeState($runId: ID!) {\n    setRuntimeState(input: { runId: $runId, key: \"k\", value: 1 }) {\n      version\n    }\n  }\n": typeof types.AuthSetRuntimeStateDocument,
    "\n  mutation AuthCancelRun($runId: ID!) {\n    cancelRun(input: { runId: $runId }) {\n      id\n      status\n    }\n  }\n": typeof types.AuthCancelRunDocument,
    "\n  query AuthCompanies {\n    companies(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.AuthCompaniesDocument,
    "\n  query AuthNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n    }\n  }\n": typeof types.AuthNodeDocument,
    "\n  query AuthRun($id: ID!) {\n    run(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.AuthRunDocument,
    "\n  query AuthRuns($companyId: ID!) {\n    runs(companyId: $companyId, first: 50) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.AuthRunsDocument,
    "\n  query AuthIssues($companyId: ID!) {\n    issues(companyId: $companyId, first: 50) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.AuthIssuesDocument,
    "\n  subscription AuthRunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      kind\n      status\n    }\n  }\n": typeof types.AuthRunEventsDocument,
    "\n  query AuthIssueWithRuns($id: ID!) {\n    node(id: $id) {\n      ... on Issue {\n        title\n        runs(first: 10) {\n          edges {\n            node {\n              id\n              status\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.AuthIssueWithRunsDocument,
    "\n  mutation EmbeddedCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n      name\n    }\n  }\n": typeof types.EmbeddedCreateCompanyDocument,
    "\n  query EmbeddedCompanies {\n    companies(first: 10) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.EmbeddedCompaniesDocument,
    "\n  query EmbeddedTypename {\n    __typename\n  }\n": typeof types.EmbeddedTypenameDocument,
    "\n  mutation LfCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": typeof types.LfCreateCompanyDocument,
    "\n  mutation LfCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": typeof types.LfCreateAgentDocument,
    "\n  mutation LfCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": typeof types.LfCreateIssueDocument,
    "\n  mutation LfCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": typeof types.LfCreateEnvironmentDocument,
    "\n  mutation LfStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n": typeof types.LfStartRunDocument,
    "\n  mutation LfAcquireLease($input: AcquireLeaseInput!) { acquireLease(input: $input) { id slot fencingToken status } }\n": typeof types.LfAcquireLeaseDocument,
    "\n  mutation LfReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status releaseReason } }\n": typeof types.LfReleaseLeaseDocument,
    "\n  query LfPing($id: ID!) { node(id: $id) { id } }\n": typeof types.LfPingDocument,
    "\n  mutation LseCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": typeof types.LseCreateCompanyDocument,
    "\n  mutation LseCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": typeof types.LseCreateAgentDocument,
    "\n  mutation LseCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": typeof types.LseCreateIssueDocument,
    "\n  mutation LseCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id capacity } }\n": typeof types.LseCreateEnvironmentDocument,
    "\n  mutation LseStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n": typeof types.LseStartRunDocument,
    "\n  mutation LseAcquireLease($input: AcquireLeaseInput!) {\n    acquireLease(input: $input) { id slot fencingToken status expiresAt acquiredAt run { id } }\n  }\n": typeof types.LseAcquireLeaseDocument,
    "\n  mutation LseRenewLease($input: RenewLeaseInput!) { renewLease(input: $input) { id fencingToken status expiresAt } }\n": typeof types.LseRenewLeaseDocument,
    "\n  mutation LseReleaseLease($input: ReleaseLeaseInput!) {\n    releaseLease(input: $input) { id fencingToken status releaseReason releasedAt }\n  }\n": typeof types.LseReleaseLeaseDocument,
    "\n  subscription LseLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason slot fencingToken expiresAt lease { id } }\n  }\n": typeof types.LseLeaseEventsDocument,
    "\n  mutation ProvCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": typeof types.ProvCreateCompanyDocument,
    "\n  mutation ProvCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": typeof types.ProvCreateAgentDocument,
    "\n  mutation ProvCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": typeof types.ProvCreateIssueDocument,
    "\n  mutation ProvCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id providerKey } }\n": typeof types.ProvCreateEnvironmentDocument,
    "\n  mutation ProvStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id } } }\n": typeof types.ProvStartRunDocument,
    "\n  mutation ProvClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id slot fencingToken status } workspace { id config } }\n  }\n": typeof types.ProvClaimRunDocument,
    "\n  mutation ProvFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status } }\n": typeof types.ProvFinishRunDocument,
    "\n  mutation ProvCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }\n": typeof types.ProvCancelRunDocument,
    "\n  mutation ProvReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status releaseReason } }\n": typeof types.ProvReleaseLeaseDocument,
    "\n  query ProvRunStatus($id: ID!) { run(id: $id) { status leases(first: 10) { edges { node { id status releaseReason } } } } }\n": typeof types.ProvRunStatusDocument,
    "\n  query ProvSandboxProviders { sandboxProviders { key source state error registeredAt } }\n": typeof types.ProvSandboxProvidersDocument,
    "\n  mutation ReapCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": typeof types.ReapCreateCompanyDocument,
    "\n  mutation ReapCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id heartbeatTimeoutSeconds } token } }\n": typeof types.ReapCreateAgentDocument,
    "\n  mutation ReapCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": typeof types.ReapCreateIssueDocument,
    "\n  mutation ReapCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": typeof types.ReapCreateEnvironmentDocument,
    "\n  mutation ReapStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n": typeof types.ReapStartRunDocument,
    "\n  mutation ReapClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } lease { id fencingToken status } } }\n": typeof types.ReapClaimRunDocument,
    "\n  mutation ReapAcquireLease($input: AcquireLeaseInput!) { acquireLease(input: $input) { id fencingToken status slot } }\n": typeof types.ReapAcquireLeaseDocument,
    "\n  mutation ReapReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status } }\n": typeof types.ReapReleaseLeaseDocument,
    "\n  subscription ReapLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason fencingToken lease { id } }\n  }\n": typeof types.ReapLeaseEventsDocument,
    "\n  mutation ReplicasCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n    }\n  }\n": typeof types.ReplicasCreateCompanyDocument,
    "\n  mutation ReplicasCreateAgent($companyId: ID!) {\n    createAgent(input: { companyId: $companyId, name: \"replica agent\" }) {\n      agent {\n        id\n      }\n    }\n  }\n": typeof types.ReplicasCreateAgentDocument,
    "\n  mutation ReplicasCreateIssue($companyId: ID!) {\n    createIssue(input: { companyId: $companyId, title: \"replicated\", workspaceConfig: { v: 1 } }) {\n      id\n    }\n  }\n": typeof types.ReplicasCreateIssueDocument,
    "\n  mutation ReplicasCreateEnvironment($companyId: ID!) {\n    createEnvironment(input: { companyId: $companyId, name: \"env\", providerKey: \"local\", capacity: 1 }) {\n      id\n    }\n  }\n": typeof types.ReplicasCreateEnvironmentDocument,
    "\n  mutation ReplicasStartRun($agentId: ID!, $issueId: ID!, $environmentId: ID!) {\n    startRun(input: { agentId: $agentId, issueId: $issueId, environmentId: $environmentId }) {\n      id\n      workspace {\n        id\n        configVersion\n      }\n    }\n  }\n": typeof types.ReplicasStartRunDocument,
    "\n  mutation ReplicasUpdateIssueConfig($id: ID!, $config: JSON!) {\n    updateIssue(input: { id: $id, workspaceConfig: $config }) {\n      id\n    }\n  }\n": typeof types.ReplicasUpdateIssueConfigDocument,
    "\n  mutation ReplicasCancelRun($runId: ID!) {\n    cancelRun(input: { runId: $runId }) {\n      status\n    }\n  }\n": typeof types.ReplicasCancelRunDocument,
    "\n  mutation ReplicasCreateOperatorToken($companyId: ID!) {\n    createOperatorToken(input: { companyId: $companyId, name: \"cached on both replicas\" }) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n": typeof types.ReplicasCreateOperatorTokenDocument,
    "\n  mutation ReplicasRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      revokedAt\n    }\n  }\n": typeof types.ReplicasRevokeApiTokenDocument,
    "\n  query ReplicasCompanyIssues($companyId: ID!) {\n    issues(companyId: $companyId) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.ReplicasCompanyIssuesDocument,
    "\n  subscription ReplicasWorkspaceChanged($issueId: ID!) {\n    workspaceChanged(issueId: $issueId) {\n      id\n      config\n      configVersion\n    }\n  }\n": typeof types.ReplicasWorkspaceChangedDocument,
    "\n  subscription ReplicasRunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      kind\n      status\n      fromStatus\n      run {\n        id\n      }\n    }\n  }\n": typeof types.ReplicasRunEventsDocument,
    "\n  mutation EvCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": typeof types.EvCreateCompanyDocument,
    "\n  mutation EvCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": typeof types.EvCreateAgentDocument,
    "\n  mutation EvCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": typeof types.EvCreateIssueDocument,
    "\n  mutation EvCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": typeof types.EvCreateEnvironmentDocument,
    "\n  mutation EvStartRun($input: StartRunInput!) { startRun(input: $input) { id } }\n": typeof types.EvStartRunDocument,
    "\n  mutation EvClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }\n": typeof types.EvClaimRunDocument,
    "\n  mutation EvHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }\n": typeof types.EvHeartbeatDocument,
    "\n  mutation EvFinishRun($input: FinishRunInput!) { finishRun(input: $input) { status } }\n": typeof types.EvFinishRunDocument,
    "\n  mutation EvCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { status } }\n": typeof types.EvCancelRunDocument,
    "\n  subscription EvRunEvents($runId: ID, $agentId: ID) {\n    runEvents(runId: $runId, agentId: $agentId) { id kind status fromStatus pid at run { id status } }\n  }\n": typeof types.EvRunEventsDocument,
    "\n  mutation LcCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": typeof types.LcCreateCompanyDocument,
    "\n  mutation LcCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": typeof types.LcCreateAgentDocument,
    "\n  mutation LcCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": typeof types.LcCreateIssueDocument,
    "\n  mutation LcCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": typeof types.LcCreateEnvironmentDocument,
    "\n  mutation LcStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n": typeof types.LcStartRunDocument,
    "\n  mutation LcClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status pid runnerId } lease { id status } } }\n": typeof types.LcClaimRunDocument,
    "\n  mutation LcHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { cancelRequested workspaceConfigVersion leaseExpiresAt run { id status pid } }\n  }\n": typeof types.LcHeartbeatDocument,
    "\n  mutation LcSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n": typeof types.LcSetStateDocument,
    "\n  mutation LcFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status exitCode finishedAt } }\n": typeof types.LcFinishRunDocument,
    "\n  mutation LcCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status cancelRequestedAt finishedAt } }\n": typeof types.LcCancelRunDocument,
    "\n  query LcRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode pid lastHeartbeatAt finishedAt cancelRequestedAt\n      events(first: 100) { edges { node { kind status fromStatus } } }\n      leases(first: 10) { edges { node { status releaseReason } } }\n      runtimeState(first: 100) { edges { node { key version } } }\n    }\n  }\n": typeof types.LcRunDetailsDocument,
    "\n  mutation RnCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": typeof types.RnCreateCompanyDocument,
    "\n  mutation RnCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": typeof types.RnCreateAgentDocument,
    "\n  mutation RnCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": typeof types.RnCreateIssueDocument,
    "\n  mutation RnUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id workspace { configVersion } } }\n": typeof types.RnUpdateIssueDocument,
    "\n  mutation RnCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": typeof types.RnCreateEnvironmentDocument,
    "\n  mutation RnStartRun($input: StartRunInput!) { startRun(input: $input) { id workspace { id } } }\n": typeof types.RnStartRunDocument,
    "\n  mutation RnCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { status } }\n": typeof types.RnCancelRunDocument,
    "\n  mutation RnFinishRun($input: FinishRunInput!) { finishRun(input: $input) { status } }\n": typeof types.RnFinishRunDocument,
    "\n  query RnRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode error pid runnerId finishedAt lastHeartbeatAt\n      runtimeState(first: 50) { edges { node { key value version } } }\n      events(first: 200) { edges { node { kind status fromStatus pid } } }\n      leases(first: 5) { edges { node { status releaseReason } } }\n    }\n  }\n": typeof types.RnRunDetailsDocument,
    "\n  mutation RtsCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": typeof types.RtsCreateCompanyDocument,
    "\n  mutation RtsCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": typeof types.RtsCreateAgentDocument,
    "\n  mutation RtsCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": typeof types.RtsCreateIssueDocument,
    "\n  mutation RtsCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": typeof types.RtsCreateEnvironmentDocument,
    "\n  mutation RtsStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n": typeof types.RtsStartRunDocument,
    "\n  mutation RtsClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } } }\n": typeof types.RtsClaimRunDocument,
    "\n  mutation RtsSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key value version } }\n": typeof types.RtsSetStateDocument,
    "\n  mutation RtsHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested run { status } } }\n": typeof types.RtsHeartbeatDocument,
    "\n  query RtsRunState($id: ID!) {\n    run(id: $id) { status runtimeState(first: 100) { edges { node { key value version } } } }\n  }\n": typeof types.RtsRunStateDocument,
    "\n  query SchemaRunsWithRelations($companyId: ID!, $first: Int!) {\n    runs(companyId: $companyId, first: $first) {\n      edges {\n        node {\n          id\n          agent {\n            name\n          }\n          issue {\n            title\n          }\n          leases {\n            edges {\n              node {\n                status\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SchemaRunsWithRelationsDocument,
    "\n  mutation WsCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": typeof types.WsCreateCompanyDocument,
    "\n  mutation WsCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": typeof types.WsCreateAgentDocument,
    "\n  mutation WsCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id workspaceConfig } }\n": typeof types.WsCreateIssueDocument,
    "\n  mutation WsUpdateIssue($input: UpdateIssueInput!) {\n    updateIssue(input: $input) { id title status workspaceConfig workspace { id configVersion } }\n  }\n": typeof types.WsUpdateIssueDocument,
    "\n  mutation WsCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": typeof types.WsCreateEnvironmentDocument,
    "\n  mutation WsStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id configVersion config } } }\n": typeof types.WsStartRunDocument,
    "\n  mutation WsClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id } workspace { id config configVersion status } }\n  }\n": typeof types.WsClaimRunDocument,
    "\n  mutation WsFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status } }\n": typeof types.WsFinishRunDocument,
    "\n  mutation WsHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { workspaceConfigVersion cancelRequested run { status } } }\n": typeof types.WsHeartbeatDocument,
    "\n  query WsWorkspaceOf($id: ID!) {\n    node(id: $id) { ... on Workspace { id status config configVersion archivedAt issue { id } } }\n  }\n": typeof types.WsWorkspaceOfDocument,
    "\n  query WsIssueWorkspaces($id: ID!) {\n    node(id: $id) { ... on Issue { workspace { id } workspaces(first: 10) { edges { node { id status } } } } }\n  }\n": typeof types.WsIssueWorkspacesDocument,
    "\n  subscription WsWorkspaceChanged($workspaceId: ID, $issueId: ID) {\n    workspaceChanged(workspaceId: $workspaceId, issueId: $issueId) {\n      id status config configVersion updatedAt archivedAt issue { id }\n    }\n  }\n": typeof types.WsWorkspaceChangedDocument,
};
const documents: Documents = {
    "\n  mutation AuthCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n      name\n    }\n  }\n": types.AuthCreateCompanyDocument,
    "\n  mutation AuthCreateOperatorToken($companyId: ID!, $name: String!) {\n    createOperatorToken(input: { companyId: $companyId, name: $name }) {\n      token\n      apiToken {\n        id\n        kind\n      }\n    }\n  }\n": types.AuthCreateOperatorTokenDocument,
    "\n  mutation AuthRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      id\n      revokedAt\n    }\n  }\n": types.AuthRevokeApiTokenDocument,
    "\n  mutation AuthCreateAgent($companyId: ID!, $name: String!) {\n    createAgent(input: { companyId: $companyId, name: $name }) {\n      token\n      agent {\n        id\n      }\n    }\n  }\n": types.AuthCreateAgentDocument,
    "\n  mutation AuthCreateIssue($companyId: ID!, $title: String!) {\n    createIssue(input: { companyId: $companyId, title: $title }) {\n      id\n      title\n    }\n  }\n": types.AuthCreateIssueDocument,
    "\n  mutation AuthUpdateIssueTitle($id: ID!, $title: String!) {\n    updateIssue(input: { id: $id, title: $title }) {\n      id\n      title\n    }\n  }\n": types.AuthUpdateIssueTitleDocument,
    "\n  mutation AuthCreateEnvironment($companyId: ID!, $name: String!) {\n    createEnvironment(input: { companyId: $companyId, name: $name, providerKey: \"local\", capacity: 5 }) {\n      id\n    }\n  }\n": types.AuthCreateEnvironmentDocument,
    "\n  mutation AuthStartRun($agentId: ID!, $issueId: ID!, $environmentId: ID!) {\n    startRun(input: { agentId: $agentId, issueId: $issueId, environmentId: $environmentId }) {\n      id\n      status\n    }\n  }\n": types.AuthStartRunDocument,
    "\n  mutation AuthClaimRun($runId: ID!) {\n    claimRun(input: { runId: $runId, runnerId: \"auth-test\", pid: 4242 }) {\n      run {\n        id\n        status\n      }\n    }\n  }\n": types.AuthClaimRunDocument,
    "\n  mutation AuthHeartbeat($runId: ID!) {\n    heartbeat(input: { runId: $runId, pid: 4242 }) {\n      cancelRequested\n    }\n  }\n": types.AuthHeartbeatDocument,
    "\n  mutation AuthSetRuntimeState($runId: ID!) {\n    setRuntimeState(input: { runId: $runId, key: \"k\", value: 1 }) {\n      version\n    }\n  }\n": types.AuthSetRuntimeStateDocument,
    "\n  mutation AuthCancelRun($runId: ID!) {\n    cancelRun(input: { runId: $runId }) {\n      id\n      status\n    }\n  }\n": types.AuthCancelRunDocument,
    "\n  query AuthCompanies {\n    companies(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.AuthCompaniesDocument,
    "\n  query AuthNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n    }\n  }\n": types.AuthNodeDocument,
    "\n  query AuthRun($id: ID!) {\n    run(id: $id) {\n      id\n      status\n    }\n  }\n": types.AuthRunDocument,
    "\n  query AuthRuns($companyId: ID!) {\n    runs(companyId: $companyId, first: 50) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.AuthRunsDocument,
    "\n  query AuthIssues($companyId: ID!) {\n    issues(companyId: $companyId, first: 50) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.AuthIssuesDocument,
    "\n  subscription AuthRunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      kind\n      status\n    }\n  }\n": types.AuthRunEventsDocument,
    "\n  query AuthIssueWithRuns($id: ID!) {\n    node(id: $id) {\n      ... on Issue {\n        title\n        runs(first: 10) {\n          edges {\n            node {\n              id\n              status\n            }\n          }\n        }\n      }\n    }\n  }\n": types.AuthIssueWithRunsDocument,
    "\n  mutation EmbeddedCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n      name\n    }\n  }\n": types.EmbeddedCreateCompanyDocument,
    "\n  query EmbeddedCompanies {\n    companies(first: 10) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.EmbeddedCompaniesDocument,
    "\n  query EmbeddedTypename {\n    __typename\n  }\n": types.EmbeddedTypenameDocument,
    "\n  mutation LfCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": types.LfCreateCompanyDocument,
    "\n  mutation LfCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": types.LfCreateAgentDocument,
    "\n  mutation LfCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": types.LfCreateIssueDocument,
    "\n  mutation LfCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": types.LfCreateEnvironmentDocument,
    "\n  mutation LfStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n": types.LfStartRunDocument,
    "\n  mutation LfAcquireLease($input: AcquireLeaseInput!) { acquireLease(input: $input) { id slot fencingToken status } }\n": types.LfAcquireLeaseDocument,
    "\n  mutation LfReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status releaseReason } }\n": types.LfReleaseLeaseDocument,
    "\n  query LfPing($id: ID!) { node(id: $id) { id } }\n": types.LfPingDocument,
    "\n  mutation LseCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": types.LseCreateCompanyDocument,
    "\n  mutation LseCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": types.LseCreateAgentDocument,
    "\n  mutation LseCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": types.LseCreateIssueDocument,
    "\n  mutation LseCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id capacity } }\n": types.LseCreateEnvironmentDocument,
    "\n  mutation LseStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n": types.LseStartRunDocument,
    "\n  mutation LseAcquireLease($input: AcquireLeaseInput!) {\n    acquireLease(input: $input) { id slot fencingToken status expiresAt acquiredAt run { id } }\n  }\n": types.LseAcquireLeaseDocument,
    "\n  mutation LseRenewLease($input: RenewLeaseInput!) { renewLease(input: $input) { id fencingToken status expiresAt } }\n": types.LseRenewLeaseDocument,
    "\n  mutation LseReleaseLease($input: ReleaseLeaseInput!) {\n    releaseLease(input: $input) { id fencingToken status releaseReason releasedAt }\n  }\n": types.LseReleaseLeaseDocument,
    "\n  subscription LseLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason slot fencingToken expiresAt lease { id } }\n  }\n": types.LseLeaseEventsDocument,
    "\n  mutation ProvCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": types.ProvCreateCompanyDocument,
    "\n  mutation ProvCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": types.ProvCreateAgentDocument,
    "\n  mutation ProvCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": types.ProvCreateIssueDocument,
    "\n  mutation ProvCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id providerKey } }\n": types.ProvCreateEnvironmentDocument,
    "\n  mutation ProvStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id } } }\n": types.ProvStartRunDocument,
    "\n  mutation ProvClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id slot fencingToken status } workspace { id config } }\n  }\n": types.ProvClaimRunDocument,
    "\n  mutation ProvFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status } }\n": types.ProvFinishRunDocument,
    "\n  mutation ProvCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }\n": types.ProvCancelRunDocument,
    "\n  mutation ProvReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status releaseReason } }\n": types.ProvReleaseLeaseDocument,
    "\n  query ProvRunStatus($id: ID!) { run(id: $id) { status leases(first: 10) { edges { node { id status releaseReason } } } } }\n": types.ProvRunStatusDocument,
    "\n  query ProvSandboxProviders { sandboxProviders { key source state error registeredAt } }\n": types.ProvSandboxProvidersDocument,
    "\n  mutation ReapCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": types.ReapCreateCompanyDocument,
    "\n  mutation ReapCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id heartbeatTimeoutSeconds } token } }\n": types.ReapCreateAgentDocument,
    "\n  mutation ReapCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": types.ReapCreateIssueDocument,
    "\n  mutation ReapCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": types.ReapCreateEnvironmentDocument,
    "\n  mutation ReapStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n": types.ReapStartRunDocument,
    "\n  mutation ReapClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } lease { id fencingToken status } } }\n": types.ReapClaimRunDocument,
    "\n  mutation ReapAcquireLease($input: AcquireLeaseInput!) { acquireLease(input: $input) { id fencingToken status slot } }\n": types.ReapAcquireLeaseDocument,
    "\n  mutation ReapReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status } }\n": types.ReapReleaseLeaseDocument,
    "\n  subscription ReapLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason fencingToken lease { id } }\n  }\n": types.ReapLeaseEventsDocument,
    "\n  mutation ReplicasCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n    }\n  }\n": types.ReplicasCreateCompanyDocument,
    "\n  mutation ReplicasCreateAgent($companyId: ID!) {\n    createAgent(input: { companyId: $companyId, name: \"replica agent\" }) {\n      agent {\n        id\n      }\n    }\n  }\n": types.ReplicasCreateAgentDocument,
    "\n  mutation ReplicasCreateIssue($companyId: ID!) {\n    createIssue(input: { companyId: $companyId, title: \"replicated\", workspaceConfig: { v: 1 } }) {\n      id\n    }\n  }\n": types.ReplicasCreateIssueDocument,
    "\n  mutation ReplicasCreateEnvironment($companyId: ID!) {\n    createEnvironment(input: { companyId: $companyId, name: \"env\", providerKey: \"local\", capacity: 1 }) {\n      id\n    }\n  }\n": types.ReplicasCreateEnvironmentDocument,
    "\n  mutation ReplicasStartRun($agentId: ID!, $issueId: ID!, $environmentId: ID!) {\n    startRun(input: { agentId: $agentId, issueId: $issueId, environmentId: $environmentId }) {\n      id\n      workspace {\n        id\n        configVersion\n      }\n    }\n  }\n": types.ReplicasStartRunDocument,
    "\n  mutation ReplicasUpdateIssueConfig($id: ID!, $config: JSON!) {\n    updateIssue(input: { id: $id, workspaceConfig: $config }) {\n      id\n    }\n  }\n": types.ReplicasUpdateIssueConfigDocument,
    "\n  mutation ReplicasCancelRun($runId: ID!) {\n    cancelRun(input: { runId: $runId }) {\n      status\n    }\n  }\n": types.ReplicasCancelRunDocument,
    "\n  mutation ReplicasCreateOperatorToken($companyId: ID!) {\n    createOperatorToken(input: { companyId: $companyId, name: \"cached on both replicas\" }) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n": types.ReplicasCreateOperatorTokenDocument,
    "\n  mutation ReplicasRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      revokedAt\n    }\n  }\n": types.ReplicasRevokeApiTokenDocument,
    "\n  query ReplicasCompanyIssues($companyId: ID!) {\n    issues(companyId: $companyId) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.ReplicasCompanyIssuesDocument,
    "\n  subscription ReplicasWorkspaceChanged($issueId: ID!) {\n    workspaceChanged(issueId: $issueId) {\n      id\n      config\n      configVersion\n    }\n  }\n": types.ReplicasWorkspaceChangedDocument,
    "\n  subscription ReplicasRunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      kind\n      status\n      fromStatus\n      run {\n        id\n      }\n    }\n  }\n": types.ReplicasRunEventsDocument,
    "\n  mutation EvCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": types.EvCreateCompanyDocument,
    "\n  mutation EvCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": types.EvCreateAgentDocument,
    "\n  mutation EvCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": types.EvCreateIssueDocument,
    "\n  mutation EvCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": types.EvCreateEnvironmentDocument,
    "\n  mutation EvStartRun($input: StartRunInput!) { startRun(input: $input) { id } }\n": types.EvStartRunDocument,
    "\n  mutation EvClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }\n": types.EvClaimRunDocument,
    "\n  mutation EvHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }\n": types.EvHeartbeatDocument,
    "\n  mutation EvFinishRun($input: FinishRunInput!) { finishRun(input: $input) { status } }\n": types.EvFinishRunDocument,
    "\n  mutation EvCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { status } }\n": types.EvCancelRunDocument,
    "\n  subscription EvRunEvents($runId: ID, $agentId: ID) {\n    runEvents(runId: $runId, agentId: $agentId) { id kind status fromStatus pid at run { id status } }\n  }\n": types.EvRunEventsDocument,
    "\n  mutation LcCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": types.LcCreateCompanyDocument,
    "\n  mutation LcCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": types.LcCreateAgentDocument,
    "\n  mutation LcCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": types.LcCreateIssueDocument,
    "\n  mutation LcCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": types.LcCreateEnvironmentDocument,
    "\n  mutation LcStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n": types.LcStartRunDocument,
    "\n  mutation LcClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status pid runnerId } lease { id status } } }\n": types.LcClaimRunDocument,
    "\n  mutation LcHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { cancelRequested workspaceConfigVersion leaseExpiresAt run { id status pid } }\n  }\n": types.LcHeartbeatDocument,
    "\n  mutation LcSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n": types.LcSetStateDocument,
    "\n  mutation LcFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status exitCode finishedAt } }\n": types.LcFinishRunDocument,
    "\n  mutation LcCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status cancelRequestedAt finishedAt } }\n": types.LcCancelRunDocument,
    "\n  query LcRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode pid lastHeartbeatAt finishedAt cancelRequestedAt\n      events(first: 100) { edges { node { kind status fromStatus } } }\n      leases(first: 10) { edges { node { status releaseReason } } }\n      runtimeState(first: 100) { edges { node { key version } } }\n    }\n  }\n": types.LcRunDetailsDocument,
    "\n  mutation RnCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": types.RnCreateCompanyDocument,
    "\n  mutation RnCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": types.RnCreateAgentDocument,
    "\n  mutation RnCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": types.RnCreateIssueDocument,
    "\n  mutation RnUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id workspace { configVersion } } }\n": types.RnUpdateIssueDocument,
    "\n  mutation RnCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": types.RnCreateEnvironmentDocument,
    "\n  mutation RnStartRun($input: StartRunInput!) { startRun(input: $input) { id workspace { id } } }\n": types.RnStartRunDocument,
    "\n  mutation RnCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { status } }\n": types.RnCancelRunDocument,
    "\n  mutation RnFinishRun($input: FinishRunInput!) { finishRun(input: $input) { status } }\n": types.RnFinishRunDocument,
    "\n  query RnRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode error pid runnerId finishedAt lastHeartbeatAt\n      runtimeState(first: 50) { edges { node { key value version } } }\n      events(first: 200) { edges { node { kind status fromStatus pid } } }\n      leases(first: 5) { edges { node { status releaseReason } } }\n    }\n  }\n": types.RnRunDetailsDocument,
    "\n  mutation RtsCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": types.RtsCreateCompanyDocument,
    "\n  mutation RtsCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": types.RtsCreateAgentDocument,
    "\n  mutation RtsCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": types.RtsCreateIssueDocument,
    "\n  mutation RtsCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": types.RtsCreateEnvironmentDocument,
    "\n  mutation RtsStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n": types.RtsStartRunDocument,
    "\n  mutation RtsClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } } }\n": types.RtsClaimRunDocument,
    "\n  mutation RtsSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key value version } }\n": types.RtsSetStateDocument,
    "\n  mutation RtsHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested run { status } } }\n": types.RtsHeartbeatDocument,
    "\n  query RtsRunState($id: ID!) {\n    run(id: $id) { status runtimeState(first: 100) { edges { node { key value version } } } }\n  }\n": types.RtsRunStateDocument,
    "\n  query SchemaRunsWithRelations($companyId: ID!, $first: Int!) {\n    runs(companyId: $companyId, first: $first) {\n      edges {\n        node {\n          id\n          agent {\n            name\n          }\n          issue {\n            title\n          }\n          leases {\n            edges {\n              node {\n                status\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SchemaRunsWithRelationsDocument,
    "\n  mutation WsCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": types.WsCreateCompanyDocument,
    "\n  mutation WsCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n": types.WsCreateAgentDocument,
    "\n  mutation WsCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id workspaceConfig } }\n": types.WsCreateIssueDocument,
    "\n  mutation WsUpdateIssue($input: UpdateIssueInput!) {\n    updateIssue(input: $input) { id title status workspaceConfig workspace { id configVersion } }\n  }\n": types.WsUpdateIssueDocument,
    "\n  mutation WsCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n": types.WsCreateEnvironmentDocument,
    "\n  mutation WsStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id configVersion config } } }\n": types.WsStartRunDocument,
    "\n  mutation WsClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id } workspace { id config configVersion status } }\n  }\n": types.WsClaimRunDocument,
    "\n  mutation WsFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status } }\n": types.WsFinishRunDocument,
    "\n  mutation WsHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { workspaceConfigVersion cancelRequested run { status } } }\n": types.WsHeartbeatDocument,
    "\n  query WsWorkspaceOf($id: ID!) {\n    node(id: $id) { ... on Workspace { id status config configVersion archivedAt issue { id } } }\n  }\n": types.WsWorkspaceOfDocument,
    "\n  query WsIssueWorkspaces($id: ID!) {\n    node(id: $id) { ... on Issue { workspace { id } workspaces(first: 10) { edges { node { id status } } } } }\n  }\n": types.WsIssueWorkspacesDocument,
    "\n  subscription WsWorkspaceChanged($workspaceId: ID, $issueId: ID) {\n    workspaceChanged(workspaceId: $workspaceId, issueId: $issueId) {\n      id status config configVersion updatedAt archivedAt issue { id }\n    }\n  }\n": types.WsWorkspaceChangedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation AuthCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthCreateOperatorToken($companyId: ID!, $name: String!) {\n    createOperatorToken(input: { companyId: $companyId, name: $name }) {\n      token\n      apiToken {\n        id\n        kind\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AuthCreateOperatorToken($companyId: ID!, $name: String!) {\n    createOperatorToken(input: { companyId: $companyId, name: $name }) {\n      token\n      apiToken {\n        id\n        kind\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      id\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation AuthRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      id\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthCreateAgent($companyId: ID!, $name: String!) {\n    createAgent(input: { companyId: $companyId, name: $name }) {\n      token\n      agent {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AuthCreateAgent($companyId: ID!, $name: String!) {\n    createAgent(input: { companyId: $companyId, name: $name }) {\n      token\n      agent {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthCreateIssue($companyId: ID!, $title: String!) {\n    createIssue(input: { companyId: $companyId, title: $title }) {\n      id\n      title\n    }\n  }\n"): (typeof documents)["\n  mutation AuthCreateIssue($companyId: ID!, $title: String!) {\n    createIssue(input: { companyId: $companyId, title: $title }) {\n      id\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthUpdateIssueTitle($id: ID!, $title: String!) {\n    updateIssue(input: { id: $id, title: $title }) {\n      id\n      title\n    }\n  }\n"): (typeof documents)["\n  mutation AuthUpdateIssueTitle($id: ID!, $title: String!) {\n    updateIssue(input: { id: $id, title: $title }) {\n      id\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthCreateEnvironment($companyId: ID!, $name: String!) {\n    createEnvironment(input: { companyId: $companyId, name: $name, providerKey: \"local\", capacity: 5 }) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AuthCreateEnvironment($companyId: ID!, $name: String!) {\n    createEnvironment(input: { companyId: $companyId, name: $name, providerKey: \"local\", capacity: 5 }) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthStartRun($agentId: ID!, $issueId: ID!, $environmentId: ID!) {\n    startRun(input: { agentId: $agentId, issueId: $issueId, environmentId: $environmentId }) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation AuthStartRun($agentId: ID!, $issueId: ID!, $environmentId: ID!) {\n    startRun(input: { agentId: $agentId, issueId: $issueId, environmentId: $environmentId }) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthClaimRun($runId: ID!) {\n    claimRun(input: { runId: $runId, runnerId: \"auth-test\", pid: 4242 }) {\n      run {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AuthClaimRun($runId: ID!) {\n    claimRun(input: { runId: $runId, runnerId: \"auth-test\", pid: 4242 }) {\n      run {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthHeartbeat($runId: ID!) {\n    heartbeat(input: { runId: $runId, pid: 4242 }) {\n      cancelRequested\n    }\n  }\n"): (typeof documents)["\n  mutation AuthHeartbeat($runId: ID!) {\n    heartbeat(input: { runId: $runId, pid: 4242 }) {\n      cancelRequested\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthSetRuntimeState($runId: ID!) {\n    setRuntimeState(input: { runId: $runId, key: \"k\", value: 1 }) {\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation AuthSetRuntimeState($runId: ID!) {\n    setRuntimeState(input: { runId: $runId, key: \"k\", value: 1 }) {\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthCancelRun($runId: ID!) {\n    cancelRun(input: { runId: $runId }) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation AuthCancelRun($runId: ID!) {\n    cancelRun(input: { runId: $runId }) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuthCompanies {\n    companies(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuthCompanies {\n    companies(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuthNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n    }\n  }\n"): (typeof documents)["\n  query AuthNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuthRun($id: ID!) {\n    run(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  query AuthRun($id: ID!) {\n    run(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuthRuns($companyId: ID!) {\n    runs(companyId: $companyId, first: 50) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuthRuns($companyId: ID!) {\n    runs(companyId: $companyId, first: 50) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuthIssues($companyId: ID!) {\n    issues(companyId: $companyId, first: 50) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuthIssues($companyId: ID!) {\n    issues(companyId: $companyId, first: 50) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AuthRunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      kind\n      status\n    }\n  }\n"): (typeof documents)["\n  subscription AuthRunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      kind\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuthIssueWithRuns($id: ID!) {\n    node(id: $id) {\n      ... on Issue {\n        title\n        runs(first: 10) {\n          edges {\n            node {\n              id\n              status\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuthIssueWithRuns($id: ID!) {\n    node(id: $id) {\n      ... on Issue {\n        title\n        runs(first: 10) {\n          edges {\n            node {\n              id\n              status\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EmbeddedCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation EmbeddedCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmbeddedCompanies {\n    companies(first: 10) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query EmbeddedCompanies {\n    companies(first: 10) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmbeddedTypename {\n    __typename\n  }\n"): (typeof documents)["\n  query EmbeddedTypename {\n    __typename\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"): (typeof documents)["\n  mutation LfCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"): (typeof documents)["\n  mutation LfCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"): (typeof documents)["\n  mutation LfCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"): (typeof documents)["\n  mutation LfCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n"): (typeof documents)["\n  mutation LfStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfAcquireLease($input: AcquireLeaseInput!) { acquireLease(input: $input) { id slot fencingToken status } }\n"): (typeof documents)["\n  mutation LfAcquireLease($input: AcquireLeaseInput!) { acquireLease(input: $input) { id slot fencingToken status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status releaseReason } }\n"): (typeof documents)["\n  mutation LfReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status releaseReason } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LfPing($id: ID!) { node(id: $id) { id } }\n"): (typeof documents)["\n  query LfPing($id: ID!) { node(id: $id) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LseCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"): (typeof documents)["\n  mutation LseCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LseCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"): (typeof documents)["\n  mutation LseCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LseCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"): (typeof documents)["\n  mutation LseCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LseCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id capacity } }\n"): (typeof documents)["\n  mutation LseCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id capacity } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LseStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n"): (typeof documents)["\n  mutation LseStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LseAcquireLease($input: AcquireLeaseInput!) {\n    acquireLease(input: $input) { id slot fencingToken status expiresAt acquiredAt run { id } }\n  }\n"): (typeof documents)["\n  mutation LseAcquireLease($input: AcquireLeaseInput!) {\n    acquireLease(input: $input) { id slot fencingToken status expiresAt acquiredAt run { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LseRenewLease($input: RenewLeaseInput!) { renewLease(input: $input) { id fencingToken status expiresAt } }\n"): (typeof documents)["\n  mutation LseRenewLease($input: RenewLeaseInput!) { renewLease(input: $input) { id fencingToken status expiresAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LseReleaseLease($input: ReleaseLeaseInput!) {\n    releaseLease(input: $input) { id fencingToken status releaseReason releasedAt }\n  }\n"): (typeof documents)["\n  mutation LseReleaseLease($input: ReleaseLeaseInput!) {\n    releaseLease(input: $input) { id fencingToken status releaseReason releasedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LseLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason slot fencingToken expiresAt lease { id } }\n  }\n"): (typeof documents)["\n  subscription LseLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason slot fencingToken expiresAt lease { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProvCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"): (typeof documents)["\n  mutation ProvCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProvCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"): (typeof documents)["\n  mutation ProvCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProvCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"): (typeof documents)["\n  mutation ProvCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProvCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id providerKey } }\n"): (typeof documents)["\n  mutation ProvCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id providerKey } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProvStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id } } }\n"): (typeof documents)["\n  mutation ProvStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProvClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id slot fencingToken status } workspace { id config } }\n  }\n"): (typeof documents)["\n  mutation ProvClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id slot fencingToken status } workspace { id config } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProvFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status } }\n"): (typeof documents)["\n  mutation ProvFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProvCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }\n"): (typeof documents)["\n  mutation ProvCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProvReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status releaseReason } }\n"): (typeof documents)["\n  mutation ProvReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status releaseReason } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProvRunStatus($id: ID!) { run(id: $id) { status leases(first: 10) { edges { node { id status releaseReason } } } } }\n"): (typeof documents)["\n  query ProvRunStatus($id: ID!) { run(id: $id) { status leases(first: 10) { edges { node { id status releaseReason } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProvSandboxProviders { sandboxProviders { key source state error registeredAt } }\n"): (typeof documents)["\n  query ProvSandboxProviders { sandboxProviders { key source state error registeredAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReapCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"): (typeof documents)["\n  mutation ReapCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReapCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id heartbeatTimeoutSeconds } token } }\n"): (typeof documents)["\n  mutation ReapCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id heartbeatTimeoutSeconds } token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReapCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"): (typeof documents)["\n  mutation ReapCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReapCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"): (typeof documents)["\n  mutation ReapCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReapStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n"): (typeof documents)["\n  mutation ReapStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReapClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } lease { id fencingToken status } } }\n"): (typeof documents)["\n  mutation ReapClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } lease { id fencingToken status } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReapAcquireLease($input: AcquireLeaseInput!) { acquireLease(input: $input) { id fencingToken status slot } }\n"): (typeof documents)["\n  mutation ReapAcquireLease($input: AcquireLeaseInput!) { acquireLease(input: $input) { id fencingToken status slot } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReapReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status } }\n"): (typeof documents)["\n  mutation ReapReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ReapLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason fencingToken lease { id } }\n  }\n"): (typeof documents)["\n  subscription ReapLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason fencingToken lease { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplicasCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ReplicasCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplicasCreateAgent($companyId: ID!) {\n    createAgent(input: { companyId: $companyId, name: \"replica agent\" }) {\n      agent {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReplicasCreateAgent($companyId: ID!) {\n    createAgent(input: { companyId: $companyId, name: \"replica agent\" }) {\n      agent {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplicasCreateIssue($companyId: ID!) {\n    createIssue(input: { companyId: $companyId, title: \"replicated\", workspaceConfig: { v: 1 } }) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ReplicasCreateIssue($companyId: ID!) {\n    createIssue(input: { companyId: $companyId, title: \"replicated\", workspaceConfig: { v: 1 } }) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplicasCreateEnvironment($companyId: ID!) {\n    createEnvironment(input: { companyId: $companyId, name: \"env\", providerKey: \"local\", capacity: 1 }) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ReplicasCreateEnvironment($companyId: ID!) {\n    createEnvironment(input: { companyId: $companyId, name: \"env\", providerKey: \"local\", capacity: 1 }) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplicasStartRun($agentId: ID!, $issueId: ID!, $environmentId: ID!) {\n    startRun(input: { agentId: $agentId, issueId: $issueId, environmentId: $environmentId }) {\n      id\n      workspace {\n        id\n        configVersion\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReplicasStartRun($agentId: ID!, $issueId: ID!, $environmentId: ID!) {\n    startRun(input: { agentId: $agentId, issueId: $issueId, environmentId: $environmentId }) {\n      id\n      workspace {\n        id\n        configVersion\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplicasUpdateIssueConfig($id: ID!, $config: JSON!) {\n    updateIssue(input: { id: $id, workspaceConfig: $config }) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ReplicasUpdateIssueConfig($id: ID!, $config: JSON!) {\n    updateIssue(input: { id: $id, workspaceConfig: $config }) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplicasCancelRun($runId: ID!) {\n    cancelRun(input: { runId: $runId }) {\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ReplicasCancelRun($runId: ID!) {\n    cancelRun(input: { runId: $runId }) {\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplicasCreateOperatorToken($companyId: ID!) {\n    createOperatorToken(input: { companyId: $companyId, name: \"cached on both replicas\" }) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReplicasCreateOperatorToken($companyId: ID!) {\n    createOperatorToken(input: { companyId: $companyId, name: \"cached on both replicas\" }) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplicasRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation ReplicasRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReplicasCompanyIssues($companyId: ID!) {\n    issues(companyId: $companyId) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReplicasCompanyIssues($companyId: ID!) {\n    issues(companyId: $companyId) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ReplicasWorkspaceChanged($issueId: ID!) {\n    workspaceChanged(issueId: $issueId) {\n      id\n      config\n      configVersion\n    }\n  }\n"): (typeof documents)["\n  subscription ReplicasWorkspaceChanged($issueId: ID!) {\n    workspaceChanged(issueId: $issueId) {\n      id\n      config\n      configVersion\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ReplicasRunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      kind\n      status\n      fromStatus\n      run {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ReplicasRunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      kind\n      status\n      fromStatus\n      run {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EvCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"): (typeof documents)["\n  mutation EvCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EvCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"): (typeof documents)["\n  mutation EvCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EvCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"): (typeof documents)["\n  mutation EvCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EvCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"): (typeof documents)["\n  mutation EvCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EvStartRun($input: StartRunInput!) { startRun(input: $input) { id } }\n"): (typeof documents)["\n  mutation EvStartRun($input: StartRunInput!) { startRun(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EvClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }\n"): (typeof documents)["\n  mutation EvClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EvHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }\n"): (typeof documents)["\n  mutation EvHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EvFinishRun($input: FinishRunInput!) { finishRun(input: $input) { status } }\n"): (typeof documents)["\n  mutation EvFinishRun($input: FinishRunInput!) { finishRun(input: $input) { status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EvCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { status } }\n"): (typeof documents)["\n  mutation EvCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription EvRunEvents($runId: ID, $agentId: ID) {\n    runEvents(runId: $runId, agentId: $agentId) { id kind status fromStatus pid at run { id status } }\n  }\n"): (typeof documents)["\n  subscription EvRunEvents($runId: ID, $agentId: ID) {\n    runEvents(runId: $runId, agentId: $agentId) { id kind status fromStatus pid at run { id status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LcCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"): (typeof documents)["\n  mutation LcCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LcCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"): (typeof documents)["\n  mutation LcCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LcCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"): (typeof documents)["\n  mutation LcCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LcCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"): (typeof documents)["\n  mutation LcCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LcStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n"): (typeof documents)["\n  mutation LcStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LcClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status pid runnerId } lease { id status } } }\n"): (typeof documents)["\n  mutation LcClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status pid runnerId } lease { id status } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LcHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { cancelRequested workspaceConfigVersion leaseExpiresAt run { id status pid } }\n  }\n"): (typeof documents)["\n  mutation LcHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { cancelRequested workspaceConfigVersion leaseExpiresAt run { id status pid } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LcSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n"): (typeof documents)["\n  mutation LcSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LcFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status exitCode finishedAt } }\n"): (typeof documents)["\n  mutation LcFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status exitCode finishedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LcCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status cancelRequestedAt finishedAt } }\n"): (typeof documents)["\n  mutation LcCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status cancelRequestedAt finishedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LcRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode pid lastHeartbeatAt finishedAt cancelRequestedAt\n      events(first: 100) { edges { node { kind status fromStatus } } }\n      leases(first: 10) { edges { node { status releaseReason } } }\n      runtimeState(first: 100) { edges { node { key version } } }\n    }\n  }\n"): (typeof documents)["\n  query LcRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode pid lastHeartbeatAt finishedAt cancelRequestedAt\n      events(first: 100) { edges { node { kind status fromStatus } } }\n      leases(first: 10) { edges { node { status releaseReason } } }\n      runtimeState(first: 100) { edges { node { key version } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RnCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"): (typeof documents)["\n  mutation RnCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RnCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"): (typeof documents)["\n  mutation RnCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RnCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"): (typeof documents)["\n  mutation RnCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RnUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id workspace { configVersion } } }\n"): (typeof documents)["\n  mutation RnUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id workspace { configVersion } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RnCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"): (typeof documents)["\n  mutation RnCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RnStartRun($input: StartRunInput!) { startRun(input: $input) { id workspace { id } } }\n"): (typeof documents)["\n  mutation RnStartRun($input: StartRunInput!) { startRun(input: $input) { id workspace { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RnCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { status } }\n"): (typeof documents)["\n  mutation RnCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RnFinishRun($input: FinishRunInput!) { finishRun(input: $input) { status } }\n"): (typeof documents)["\n  mutation RnFinishRun($input: FinishRunInput!) { finishRun(input: $input) { status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RnRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode error pid runnerId finishedAt lastHeartbeatAt\n      runtimeState(first: 50) { edges { node { key value version } } }\n      events(first: 200) { edges { node { kind status fromStatus pid } } }\n      leases(first: 5) { edges { node { status releaseReason } } }\n    }\n  }\n"): (typeof documents)["\n  query RnRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode error pid runnerId finishedAt lastHeartbeatAt\n      runtimeState(first: 50) { edges { node { key value version } } }\n      events(first: 200) { edges { node { kind status fromStatus pid } } }\n      leases(first: 5) { edges { node { status releaseReason } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RtsCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"): (typeof documents)["\n  mutation RtsCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RtsCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"): (typeof documents)["\n  mutation RtsCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RtsCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"): (typeof documents)["\n  mutation RtsCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RtsCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"): (typeof documents)["\n  mutation RtsCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RtsStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n"): (typeof documents)["\n  mutation RtsStartRun($input: StartRunInput!) { startRun(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RtsClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } } }\n"): (typeof documents)["\n  mutation RtsClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RtsSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key value version } }\n"): (typeof documents)["\n  mutation RtsSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key value version } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RtsHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested run { status } } }\n"): (typeof documents)["\n  mutation RtsHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested run { status } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RtsRunState($id: ID!) {\n    run(id: $id) { status runtimeState(first: 100) { edges { node { key value version } } } }\n  }\n"): (typeof documents)["\n  query RtsRunState($id: ID!) {\n    run(id: $id) { status runtimeState(first: 100) { edges { node { key value version } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SchemaRunsWithRelations($companyId: ID!, $first: Int!) {\n    runs(companyId: $companyId, first: $first) {\n      edges {\n        node {\n          id\n          agent {\n            name\n          }\n          issue {\n            title\n          }\n          leases {\n            edges {\n              node {\n                status\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SchemaRunsWithRelations($companyId: ID!, $first: Int!) {\n    runs(companyId: $companyId, first: $first) {\n      edges {\n        node {\n          id\n          agent {\n            name\n          }\n          issue {\n            title\n          }\n          leases {\n            edges {\n              node {\n                status\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WsCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"): (typeof documents)["\n  mutation WsCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WsCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"): (typeof documents)["\n  mutation WsCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WsCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id workspaceConfig } }\n"): (typeof documents)["\n  mutation WsCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id workspaceConfig } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WsUpdateIssue($input: UpdateIssueInput!) {\n    updateIssue(input: $input) { id title status workspaceConfig workspace { id configVersion } }\n  }\n"): (typeof documents)["\n  mutation WsUpdateIssue($input: UpdateIssueInput!) {\n    updateIssue(input: $input) { id title status workspaceConfig workspace { id configVersion } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WsCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"): (typeof documents)["\n  mutation WsCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WsStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id configVersion config } } }\n"): (typeof documents)["\n  mutation WsStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id configVersion config } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WsClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id } workspace { id config configVersion status } }\n  }\n"): (typeof documents)["\n  mutation WsClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id } workspace { id config configVersion status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WsFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status } }\n"): (typeof documents)["\n  mutation WsFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WsHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { workspaceConfigVersion cancelRequested run { status } } }\n"): (typeof documents)["\n  mutation WsHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { workspaceConfigVersion cancelRequested run { status } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WsWorkspaceOf($id: ID!) {\n    node(id: $id) { ... on Workspace { id status config configVersion archivedAt issue { id } } }\n  }\n"): (typeof documents)["\n  query WsWorkspaceOf($id: ID!) {\n    node(id: $id) { ... on Workspace { id status config configVersion archivedAt issue { id } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WsIssueWorkspaces($id: ID!) {\n    node(id: $id) { ... on Issue { workspace { id } workspaces(first: 10) { edges { node { id status } } } } }\n  }\n"): (typeof documents)["\n  query WsIssueWorkspaces($id: ID!) {\n    node(id: $id) { ... on Issue { workspace { id } workspaces(first: 10) { edges { node { id status } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WsWorkspaceChanged($workspaceId: ID, $issueId: ID) {\n    workspaceChanged(workspaceId: $workspaceId, issueId: $issueId) {\n      id status config configVersion updatedAt archivedAt issue { id }\n    }\n  }\n"): (typeof documents)["\n  subscription WsWorkspaceChanged($workspaceId: ID, $issueId: ID) {\n    workspaceChanged(workspaceId: $workspaceId, issueId: $issueId) {\n      id status config configVersion updatedAt archivedAt issue { id }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;