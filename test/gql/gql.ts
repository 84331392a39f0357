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
    "\n  mutation BrSetBudget($input: UpdateAgentInput!) { updateAgent(input: $input) { monthlyBudgetCents } }\n": typeof types.BrSetBudgetDocument,
    "\n  mutation BrWake($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id } } }\n": typeof types.BrWakeDocument,
    "\n  query BrRun($id: ID!) {\n    run(id: $id) {\n      status cancelReason finishedAt heartbeatCount\n      usage { inputTokens outputTokens costCents other }\n    }\n  }\n": typeof types.BrRunDocument,
    "\n  query BrAgentUsage($id: ID!) { node(id: $id) { ... on Agent { usage { costCents } } } }\n": typeof types.BrAgentUsageDocument,
    "\n  subscription CeCompanyEvents($companyId: ID!) {\n    companyEvents(companyId: $companyId) {\n      __typename\n      ... on RunEvent { kind status run { id } }\n      ... on LeaseEvent { leaseKind: kind slot fencingToken lease { id } }\n      ... on Workspace { id configVersion }\n      ... on RuntimeStateChange { key value version run { id } }\n      ... on SandboxProvider { key health consecutiveFailures openUntil }\n    }\n  }\n": typeof types.CeCompanyEventsDocument,
    "\n  mutation CeSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n": typeof types.CeSetStateDocument,
    "\n  mutation CeUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id } }\n": typeof types.CeUpdateIssueDocument,
    "\n  query CeCounts($companyId: ID!, $agentId: ID) {\n    runs(companyId: $companyId, agentId: $agentId) { totalCount edges { node { id } } }\n    queued: runs(companyId: $companyId, status: QUEUED) { totalCount }\n    queuedRuns(companyId: $companyId, first: 1) { totalCount edges { node { run { id } } } }\n    issues(companyId: $companyId, first: 1) { totalCount }\n    environments(companyId: $companyId) { totalCount }\n    node(id: $companyId) { ... on Company { agents { totalCount } runs(first: 1) { totalCount } } }\n  }\n": typeof types.CeCountsDocument,
    "\n  mutation DaCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token apiToken { id kind name agent { id } } } }\n": typeof types.DaCreateAgentDocument,
    "\n  mutation DaCreateOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token apiToken { id } } }\n": typeof types.DaCreateOperatorTokenDocument,
    "\n  query DaTokens($id: ID!, $includeRevoked: Boolean) {\n    node(id: $id) { ... on Company { apiTokens(includeRevoked: $includeRevoked) { totalCount edges { node { id kind revokedAt agent { id } } } } } }\n  }\n": typeof types.DaTokensDocument,
    "\n  mutation DaRevoke($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { id revokedAt } }\n": typeof types.DaRevokeDocument,
    "\n  mutation DaRerun($input: RerunRunInput!) { rerunRun(input: $input) { coalesced run { id status wakeReasons wakeCount priority issue { id } } } }\n": typeof types.DaRerunDocument,
    "\n  mutation DaHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { run { id attempt wakeCount wakeReasons priority notBefore retryOf { id } notRetriedReason cancelReason usage { costCents } logsTruncated } }\n  }\n": typeof types.DaHeartbeatDocument,
    "\n  mutation DaCloseIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }\n": typeof types.DaCloseIssueDocument,
    "\n  query DashboardServerViewer { viewer { kind agent { id name } companies(first: 10) { totalCount edges { node { id name } } } } }\n": typeof types.DashboardServerViewerDocument,
    "\n  mutation DashboardServerOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }\n": typeof types.DashboardServerOperatorTokenDocument,
    "\n  mutation DashboardTestAppendLogs($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted } }\n": typeof types.DashboardTestAppendLogsDocument,
    "\n  mutation DashboardTestSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { version } }\n": typeof types.DashboardTestSetStateDocument,
    "\n  mutation DashboardTestOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token apiToken { id } } }\n": typeof types.DashboardTestOperatorTokenDocument,
    "\n  mutation DashboardTestRevoke($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { revokedAt } }\n": typeof types.DashboardTestRevokeDocument,
    "\n  mutation DashboardTestFinish($input: FinishRunInput!) { finishRun(input: $input) { status } }\n": typeof types.DashboardTestFinishDocument,
    "\n  mutation DashboardTestHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }\n": typeof types.DashboardTestHeartbeatDocument,
    "\n  query DemoRun($id: ID!) {\n    run(id: $id) {\n      status\n      exitCode\n      agent { name company { name } }\n      environment { name }\n      issue { title }\n      runtimeState(first: 10) { edges { node { key value } } }\n      usage { inputTokens outputTokens costCents }\n      logs(first: 100) { edges { node { stream text } } }\n    }\n  }\n": typeof types.DemoRunDocument,
    "\n  query DemoCompanies { companies(first: 10) { edges { node { name environments(first: 10) { edges { node { name } } } } } } }\n": typeof types.DemoCompaniesDocument,
    "\n  mutation EmbeddedCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n      name\n    }\n  }\n": typeof types.EmbeddedCreateCompanyDocument,
    "\n  query EmbeddedCompanies {\n    companies(first: 10) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.EmbeddedCompaniesDocument,
    "\n  query EmbeddedTypename {\n    __typename\n  }\n": typeof types.EmbeddedTypenameDocument,
    "\n  query CleanupEnvironmentLeases($id: ID!, $cleanupStatus: LeaseCleanupStatus) {\n    node(id: $id) {\n      ... on Environment {\n        leases(first: 50, cleanupStatus: $cleanupStatus) { edges { node { id status cleanupStatus cleanupAttempts cleanupError } } }\n      }\n    }\n  }\n": typeof types.CleanupEnvironmentLeasesDocument,
    "\n  mutation CleanupRetryLeaseCleanup($input: RetryLeaseCleanupInput!) {\n    retryLeaseCleanup(input: $input) { id cleanupStatus cleanupAttempts cleanupError }\n  }\n": typeof types.CleanupRetryLeaseCleanupDocument,
    "\n  query LfPing($id: ID!) { node(id: $id) { id } }\n": typeof types.LfPingDocument,
    "\n  mutation LseAcquireLease($input: AcquireLeaseInput!) {\n    acquireLease(input: $input) { id slot fencingToken status expiresAt acquiredAt run { id } }\n  }\n": typeof types.LseAcquireLeaseDocument,
    "\n  mutation LseRenewLease($input: RenewLeaseInput!) { renewLease(input: $input) { id fencingToken status expiresAt } }\n": typeof types.LseRenewLeaseDocument,
    "\n  mutation LseReleaseLease($input: ReleaseLeaseInput!) {\n    releaseLease(input: $input) { id fencingToken status releaseReason releasedAt }\n  }\n": typeof types.LseReleaseLeaseDocument,
    "\n  subscription LseLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason slot fencingToken expiresAt lease { id } }\n  }\n": typeof types.LseLeaseEventsDocument,
    "\n  mutation LfcUpdateEnvironment($input: UpdateEnvironmentInput!) {\n    updateEnvironment(input: $input) { id name capacity config providerKey deletedAt }\n  }\n": typeof types.LfcUpdateEnvironmentDocument,
    "\n  mutation LfcDeleteEnvironment($input: DeleteEnvironmentInput!) { deleteEnvironment(input: $input) { id deletedAt } }\n": typeof types.LfcDeleteEnvironmentDocument,
    "\n  mutation LfcDeleteAgent($input: DeleteAgentInput!) { deleteAgent(input: $input) { id deletedAt } }\n": typeof types.LfcDeleteAgentDocument,
    "\n  mutation LfcCreateOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }\n": typeof types.LfcCreateOperatorTokenDocument,
    "\n  mutation LfcWakeAgent($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id status } } }\n": typeof types.LfcWakeAgentDocument,
    "\n  mutation LfcStartRun($input: StartRunInput!) { startRun(input: $input) { id } }\n": typeof types.LfcStartRunDocument,
    "\n  mutation LfcCreateSchedule($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }\n": typeof types.LfcCreateScheduleDocument,
    "\n  mutation LfcUpdateAgent($input: UpdateAgentInput!) { updateAgent(input: $input) { id defaultEnvironment { id } } }\n": typeof types.LfcUpdateAgentDocument,
    "\n  mutation LfcClaimNextRun($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id } } }\n": typeof types.LfcClaimNextRunDocument,
    "\n  mutation LfcHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }\n": typeof types.LfcHeartbeatDocument,
    "\n  query LfcListed($companyId: ID!) {\n    environments(companyId: $companyId, first: 100) { totalCount edges { node { id } } }\n    node(id: $companyId) {\n      __typename\n      ... on Company {\n        environments(first: 100) { totalCount edges { node { id } } }\n        agents(first: 100) { totalCount edges { node { id } } }\n      }\n    }\n  }\n": typeof types.LfcListedDocument,
    "\n  query LfcNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Environment { deletedAt runs(first: 10) { edges { node { id status error } } } }\n      ... on Agent { deletedAt runs(first: 10) { edges { node { id status error cancelRequestedAt } } } }\n    }\n  }\n": typeof types.LfcNodeDocument,
    "\n  mutation BreakerClaimNext($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id status } } }\n": typeof types.BreakerClaimNextDocument,
    "\n  mutation BreakerClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } } }\n": typeof types.BreakerClaimDocument,
    "\n  query BreakerProviders { sandboxProviders { key state health consecutiveFailures openUntil } }\n": typeof types.BreakerProvidersDocument,
    "\n  mutation BreakerUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }\n": typeof types.BreakerUpdateIssueDocument,
    "\n  mutation ProvClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id slot fencingToken status } workspace { id config } }\n  }\n": typeof types.ProvClaimRunDocument,
    "\n  query ProvRunStatus($id: ID!) { run(id: $id) { status leases(first: 10) { edges { node { id status releaseReason } } } } }\n": typeof types.ProvRunStatusDocument,
    "\n  query ProvSandboxProviders { sandboxProviders { key source state error registeredAt } }\n": typeof types.ProvSandboxProvidersDocument,
    "\n  subscription ReapLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason fencingToken lease { id } }\n  }\n": typeof types.ReapLeaseEventsDocument,
    "\n  mutation ReplicasStartRun($agentId: ID!, $issueId: ID!, $environmentId: ID!) {\n    startRun(input: { agentId: $agentId, issueId: $issueId, environmentId: $environmentId }) {\n      id\n      workspace {\n        id\n        configVersion\n      }\n    }\n  }\n": typeof types.ReplicasStartRunDocument,
    "\n  mutation ReplicasUpdateIssueConfig($id: ID!, $config: JSON!) {\n    updateIssue(input: { id: $id, workspaceConfig: $config }) {\n      id\n    }\n  }\n": typeof types.ReplicasUpdateIssueConfigDocument,
    "\n  mutation ReplicasCreateOperatorToken($companyId: ID!) {\n    createOperatorToken(input: { companyId: $companyId, name: \"cached on both replicas\" }) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n": typeof types.ReplicasCreateOperatorTokenDocument,
    "\n  mutation ReplicasRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      revokedAt\n    }\n  }\n": typeof types.ReplicasRevokeApiTokenDocument,
    "\n  query ReplicasCompanyIssues($companyId: ID!) {\n    issues(companyId: $companyId) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.ReplicasCompanyIssuesDocument,
    "\n  subscription ReplicasWorkspaceChanged($issueId: ID!) {\n    workspaceChanged(issueId: $issueId) {\n      id\n      config\n      configVersion\n    }\n  }\n": typeof types.ReplicasWorkspaceChangedDocument,
    "\n  subscription ReplicasRunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      kind\n      status\n      fromStatus\n      run {\n        id\n      }\n    }\n  }\n": typeof types.ReplicasRunEventsDocument,
    "\n  mutation RtSetRetryPolicy($input: UpdateAgentInput!) {\n    updateAgent(input: $input) { id retryPolicy { maxAttempts initialBackoffSeconds maxBackoffSeconds retryOn } }\n  }\n": typeof types.RtSetRetryPolicyDocument,
    "\n  query RtAgentPolicy($id: ID!) { node(id: $id) { ... on Agent { retryPolicy { maxAttempts initialBackoffSeconds maxBackoffSeconds retryOn } } } }\n": typeof types.RtAgentPolicyDocument,
    "\n  query RtRunChain($id: ID!) {\n    run(id: $id) {\n      id status attempt notRetriedReason\n      retryOf { id attempt }\n      retriedBy { id status attempt wakeCount wakeReasons retryOf { id } runtimeState(first: 20) { edges { node { key value version } } } }\n    }\n  }\n": typeof types.RtRunChainDocument,
    "\n  mutation RtSetRuntimeState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n": typeof types.RtSetRuntimeStateDocument,
    "\n  mutation RtFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status notRetriedReason retriedBy { id attempt } } }\n": typeof types.RtFinishRunDocument,
    "\n  mutation RtClaimNextRun($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id attempt status } } }\n": typeof types.RtClaimNextRunDocument,
    "\n  mutation RtWakeAgent($input: WakeAgentInput!) { wakeAgent(input: $input) { coalesced run { id } } }\n": typeof types.RtWakeAgentDocument,
    "\n  subscription EvRunEvents($runId: ID, $agentId: ID) {\n    runEvents(runId: $runId, agentId: $agentId) { id kind status fromStatus pid at run { id status } }\n  }\n": typeof types.EvRunEventsDocument,
    "\n  mutation LcClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status pid runnerId } lease { id status } } }\n": typeof types.LcClaimRunDocument,
    "\n  mutation LcHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { cancelRequested workspaceConfigVersion leaseExpiresAt run { id status pid } }\n  }\n": typeof types.LcHeartbeatDocument,
    "\n  mutation LcSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n": typeof types.LcSetStateDocument,
    "\n  mutation LcFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status exitCode finishedAt } }\n": typeof types.LcFinishRunDocument,
    "\n  mutation LcCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status cancelRequestedAt finishedAt } }\n": typeof types.LcCancelRunDocument,
    "\n  query LcRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode pid lastHeartbeatAt finishedAt cancelRequestedAt\n      events(first: 100) { edges { node { kind status fromStatus } } }\n      leases(first: 10) { edges { node { status releaseReason } } }\n      runtimeState(first: 100) { edges { node { key version } } }\n    }\n  }\n": typeof types.LcRunDetailsDocument,
    "\n  subscription KillLiveLogs($runId: ID!) { runLogs(runId: $runId) { seq stream text } }\n": typeof types.KillLiveLogsDocument,
    "\n  mutation LogsAppend($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted duplicates logsTruncated } }\n": typeof types.LogsAppendDocument,
    "\n  query LogsRunLogs($id: ID!, $after: String, $first: Int, $stream: RunLogStream) {\n    run(id: $id) {\n      logsTruncated\n      logs(after: $after, first: $first, stream: $stream) {\n        edges { cursor node { seq stream text createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.LogsRunLogsDocument,
    "\n  query LogsRunLogTail($id: ID!, $before: String, $last: Int, $first: Int, $stream: RunLogStream) {\n    run(id: $id) {\n      logs(before: $before, last: $last, first: $first, stream: $stream) {\n        edges { cursor node { seq stream text } }\n        pageInfo { hasPreviousPage hasNextPage startCursor }\n      }\n    }\n  }\n": typeof types.LogsRunLogTailDocument,
    "\n  subscription LogsLive($runId: ID!) { runLogs(runId: $runId) { seq stream text } }\n": typeof types.LogsLiveDocument,
    "\n  mutation RunnerDeleteAgent($input: DeleteAgentInput!) { deleteAgent(input: $input) { id } }\n": typeof types.RunnerDeleteAgentDocument,
    "\n  mutation RnUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id workspace { configVersion } } }\n": typeof types.RnUpdateIssueDocument,
    "\n  query RnRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode error pid runnerId finishedAt lastHeartbeatAt heartbeatCount\n      runtimeState(first: 50) { edges { node { key value version } } }\n      events(first: 200) { edges { node { kind status fromStatus pid } } }\n      leases(first: 5) { edges { node { status releaseReason } } }\n    }\n  }\n": typeof types.RnRunDetailsDocument,
    "\n  mutation RtsSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key value version } }\n": typeof types.RtsSetStateDocument,
    "\n  query RtsRunState($id: ID!) {\n    run(id: $id) { status runtimeState(first: 100) { edges { node { key value version } } } }\n  }\n": typeof types.RtsRunStateDocument,
    "\n  mutation SchedulesCreate($input: CreateScheduleInput!) {\n    createSchedule(input: $input) { id intervalSeconds cron nextWakeAt lastWakeAt agent { id } issue { id } environment { id } }\n  }\n": typeof types.SchedulesCreateDocument,
    "\n  mutation SchedulesDelete($input: DeleteScheduleInput!) { deleteSchedule(input: $input) { id } }\n": typeof types.SchedulesDeleteDocument,
    "\n  query SchedulesOfAgent($id: ID!) {\n    node(id: $id) { ... on Agent { schedules { edges { node { id } } } } ... on Issue { schedules { edges { node { id } } } } }\n  }\n": typeof types.SchedulesOfAgentDocument,
    "\n  mutation SchedulesCloseIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }\n": typeof types.SchedulesCloseIssueDocument,
    "\n  mutation SchedulesOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }\n": typeof types.SchedulesOperatorTokenDocument,
    "\n  mutation FixtureCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": typeof types.FixtureCreateCompanyDocument,
    "\n  mutation FixtureCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id heartbeatTimeoutSeconds } token } }\n": typeof types.FixtureCreateAgentDocument,
    "\n  mutation FixtureCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": typeof types.FixtureCreateIssueDocument,
    "\n  mutation FixtureCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id providerKey capacity } }\n": typeof types.FixtureCreateEnvironmentDocument,
    "\n  mutation FixtureUpdateAgentConcurrency($input: UpdateAgentInput!) { updateAgent(input: $input) { id maxConcurrentRuns } }\n": typeof types.FixtureUpdateAgentConcurrencyDocument,
    "\n  mutation FixtureStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id } } }\n": typeof types.FixtureStartRunDocument,
    "\n  mutation FixtureClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } lease { id fencingToken status } } }\n": typeof types.FixtureClaimRunDocument,
    "\n  mutation FixtureHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested run { status } } }\n": typeof types.FixtureHeartbeatDocument,
    "\n  mutation FixtureFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status } }\n": typeof types.FixtureFinishRunDocument,
    "\n  mutation FixtureCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }\n": typeof types.FixtureCancelRunDocument,
    "\n  mutation FixtureAcquireLease($input: AcquireLeaseInput!) { acquireLease(input: $input) { id slot fencingToken status } }\n": typeof types.FixtureAcquireLeaseDocument,
    "\n  mutation FixtureReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status releaseReason } }\n": typeof types.FixtureReleaseLeaseDocument,
    "\n  mutation UsageHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { cancelRequested cancelReason run { status cancelReason usage { inputTokens outputTokens costCents other } } }\n  }\n": typeof types.UsageHeartbeatDocument,
    "\n  query UsageRun($id: ID!) { run(id: $id) { status cancelReason error usage { inputTokens outputTokens costCents other } } }\n": typeof types.UsageRunDocument,
    "\n  mutation UsageSetBudget($input: UpdateAgentInput!) { updateAgent(input: $input) { id monthlyBudgetCents } }\n": typeof types.UsageSetBudgetDocument,
    "\n  mutation UsageWake($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id status } } }\n": typeof types.UsageWakeDocument,
    "\n  query UsageSums($agentId: ID!, $companyId: ID!, $since: DateTime) {\n    agent: node(id: $agentId) { ... on Agent { monthlyBudgetCents usage { costCents inputTokens other } since: usage(since: $since) { costCents inputTokens other } } }\n    company: node(id: $companyId) { ... on Company { usage { costCents outputTokens } since: usage(since: $since) { costCents outputTokens } } }\n  }\n": typeof types.UsageSumsDocument,
    "\n  mutation UsageClaimNext($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id } } }\n": typeof types.UsageClaimNextDocument,
    "\n  mutation UsageCancel($input: CancelRunInput!) { cancelRun(input: $input) { status cancelReason } }\n": typeof types.UsageCancelDocument,
    "mutation UsageClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }": typeof types.UsageClaimDocument,
    "\n  mutation LoopWakeAgent($input: WakeAgentInput!) {\n    wakeAgent(input: $input) { coalesced run { id status wakeCount wakeReasons priority environment { id } workspace { id } } }\n  }\n": typeof types.LoopWakeAgentDocument,
    "\n  mutation LoopStartRun($input: StartRunInput!) { startRun(input: $input) { id status wakeCount wakeReasons } }\n": typeof types.LoopStartRunDocument,
    "\n  mutation LoopClaimNextRun($input: ClaimNextRunInput!) {\n    claimNextRun(input: $input) { run { id status issue { id } } lease { id status } workspace { id } }\n  }\n": typeof types.LoopClaimNextRunDocument,
    "\n  mutation LoopUpdateAgent($input: UpdateAgentInput!) { updateAgent(input: $input) { id maxConcurrentRuns defaultEnvironment { id } } }\n": typeof types.LoopUpdateAgentDocument,
    "\n  query LoopQueuedRuns($companyId: ID!, $agentId: ID) {\n    queuedRuns(companyId: $companyId, agentId: $agentId) { edges { node { blockedBy run { id priority } } } }\n  }\n": typeof types.LoopQueuedRunsDocument,
    "\n  query LoopRuns($companyId: ID!, $agentId: ID, $issueId: ID, $status: RunStatus) {\n    runs(companyId: $companyId, agentId: $agentId, issueId: $issueId, status: $status) { edges { node { id status } } }\n  }\n": typeof types.LoopRunsDocument,
    "\n  subscription LoopAgentRunEvents($agentId: ID!) { runEvents(agentId: $agentId) { kind status reason run { id wakeCount } } }\n": typeof types.LoopAgentRunEventsDocument,
    "\n  mutation WsUpdateIssue($input: UpdateIssueInput!) {\n    updateIssue(input: $input) { id title status workspaceConfig workspace { id configVersion } }\n  }\n": typeof types.WsUpdateIssueDocument,
    "\n  mutation WsStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id configVersion config } } }\n": typeof types.WsStartRunDocument,
    "\n  mutation WsClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id } workspace { id config configVersion status } }\n  }\n": typeof types.WsClaimRunDocument,
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
    "\n  mutation BrSetBudget($input: UpdateAgentInput!) { updateAgent(input: $input) { monthlyBudgetCents } }\n": types.BrSetBudgetDocument,
    "\n  mutation BrWake($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id } } }\n": types.BrWakeDocument,
    "\n  query BrRun($id: ID!) {\n    run(id: $id) {\n      status cancelReason finishedAt heartbeatCount\n      usage { inputTokens outputTokens costCents other }\n    }\n  }\n": types.BrRunDocument,
    "\n  query BrAgentUsage($id: ID!) { node(id: $id) { ... on Agent { usage { costCents } } } }\n": types.BrAgentUsageDocument,
    "\n  subscription CeCompanyEvents($companyId: ID!) {\n    companyEvents(companyId: $companyId) {\n      __typename\n      ... on RunEvent { kind status run { id } }\n      ... on LeaseEvent { leaseKind: kind slot fencingToken lease { id } }\n      ... on Workspace { id configVersion }\n      ... on RuntimeStateChange { key value version run { id } }\n      ... on SandboxProvider { key health consecutiveFailures openUntil }\n    }\n  }\n": types.CeCompanyEventsDocument,
    "\n  mutation CeSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n": types.CeSetStateDocument,
    "\n  mutation CeUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id } }\n": types.CeUpdateIssueDocument,
    "\n  query CeCounts($companyId: ID!, $agentId: ID) {\n    runs(companyId: $companyId, agentId: $agentId) { totalCount edges { node { id } } }\n    queued: runs(companyId: $companyId, status: QUEUED) { totalCount }\n    queuedRuns(companyId: $companyId, first: 1) { totalCount edges { node { run { id } } } }\n    issues(companyId: $companyId, first: 1) { totalCount }\n    environments(companyId: $companyId) { totalCount }\n    node(id: $companyId) { ... on Company { agents { totalCount } runs(first: 1) { totalCount } } }\n  }\n": types.CeCountsDocument,
    "\n  mutation DaCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token apiToken { id kind name agent { id } } } }\n": types.DaCreateAgentDocument,
    "\n  mutation DaCreateOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token apiToken { id } } }\n": types.DaCreateOperatorTokenDocument,
    "\n  query DaTokens($id: ID!, $includeRevoked: Boolean) {\n    node(id: $id) { ... on Company { apiTokens(includeRevoked: $includeRevoked) { totalCount edges { node { id kind revokedAt agent { id } } } } } }\n  }\n": types.DaTokensDocument,
    "\n  mutation DaRevoke($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { id revokedAt } }\n": types.DaRevokeDocument,
    "\n  mutation DaRerun($input: RerunRunInput!) { rerunRun(input: $input) { coalesced run { id status wakeReasons wakeCount priority issue { id } } } }\n": types.DaRerunDocument,
    "\n  mutation DaHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { run { id attempt wakeCount wakeReasons priority notBefore retryOf { id } notRetriedReason cancelReason usage { costCents } logsTruncated } }\n  }\n": types.DaHeartbeatDocument,
    "\n  mutation DaCloseIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }\n": types.DaCloseIssueDocument,
    "\n  query DashboardServerViewer { viewer { kind agent { id name } companies(first: 10) { totalCount edges { node { id name } } } } }\n": types.DashboardServerViewerDocument,
    "\n  mutation DashboardServerOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }\n": types.DashboardServerOperatorTokenDocument,
    "\n  mutation DashboardTestAppendLogs($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted } }\n": types.DashboardTestAppendLogsDocument,
    "\n  mutation DashboardTestSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { version } }\n": types.DashboardTestSetStateDocument,
    "\n  mutation DashboardTestOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token apiToken { id } } }\n": types.DashboardTestOperatorTokenDocument,
    "\n  mutation DashboardTestRevoke($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { revokedAt } }\n": types.DashboardTestRevokeDocument,
    "\n  mutation DashboardTestFinish($input: FinishRunInput!) { finishRun(input: $input) { status } }\n": types.DashboardTestFinishDocument,
    "\n  mutation DashboardTestHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }\n": types.DashboardTestHeartbeatDocument,
    "\n  query DemoRun($id: ID!) {\n    run(id: $id) {\n      status\n      exitCode\n      agent { name company { name } }\n      environment { name }\n      issue { title }\n      runtimeState(first: 10) { edges { node { key value } } }\n      usage { inputTokens outputTokens costCents }\n      logs(first: 100) { edges { node { stream text } } }\n    }\n  }\n": types.DemoRunDocument,
    "\n  query DemoCompanies { companies(first: 10) { edges { node { name environments(first: 10) { edges { node { name } } } } } } }\n": types.DemoCompaniesDocument,
    "\n  mutation EmbeddedCreateCompany($name: String!) {\n    createCompany(input: { name: $name }) {\n      id\n      name\n    }\n  }\n": types.EmbeddedCreateCompanyDocument,
    "\n  query EmbeddedCompanies {\n    companies(first: 10) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.EmbeddedCompaniesDocument,
    "\n  query EmbeddedTypename {\n    __typename\n  }\n": types.EmbeddedTypenameDocument,
    "\n  query CleanupEnvironmentLeases($id: ID!, $cleanupStatus: LeaseCleanupStatus) {\n    node(id: $id) {\n      ... on Environment {\n        leases(first: 50, cleanupStatus: $cleanupStatus) { edges { node { id status cleanupStatus cleanupAttempts cleanupError } } }\n      }\n    }\n  }\n": types.CleanupEnvironmentLeasesDocument,
    "\n  mutation CleanupRetryLeaseCleanup($input: RetryLeaseCleanupInput!) {\n    retryLeaseCleanup(input: $input) { id cleanupStatus cleanupAttempts cleanupError }\n  }\n": types.CleanupRetryLeaseCleanupDocument,
    "\n  query LfPing($id: ID!) { node(id: $id) { id } }\n": types.LfPingDocument,
    "\n  mutation LseAcquireLease($input: AcquireLeaseInput!) {\n    acquireLease(input: $input) { id slot fencingToken status expiresAt acquiredAt run { id } }\n  }\n": types.LseAcquireLeaseDocument,
    "\n  mutation LseRenewLease($input: RenewLeaseInput!) { renewLease(input: $input) { id fencingToken status expiresAt } }\n": types.LseRenewLeaseDocument,
    "\n  mutation LseReleaseLease($input: ReleaseLeaseInput!) {\n    releaseLease(input: $input) { id fencingToken status releaseReason releasedAt }\n  }\n": types.LseReleaseLeaseDocument,
    "\n  subscription LseLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason slot fencingToken expiresAt lease { id } }\n  }\n": types.LseLeaseEventsDocument,
    "\n  mutation LfcUpdateEnvironment($input: UpdateEnvironmentInput!) {\n    updateEnvironment(input: $input) { id name capacity config providerKey deletedAt }\n  }\n": types.LfcUpdateEnvironmentDocument,
    "\n  mutation LfcDeleteEnvironment($input: DeleteEnvironmentInput!) { deleteEnvironment(input: $input) { id deletedAt } }\n": types.LfcDeleteEnvironmentDocument,
    "\n  mutation LfcDeleteAgent($input: DeleteAgentInput!) { deleteAgent(input: $input) { id deletedAt } }\n": types.LfcDeleteAgentDocument,
    "\n  mutation LfcCreateOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }\n": types.LfcCreateOperatorTokenDocument,
    "\n  mutation LfcWakeAgent($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id status } } }\n": types.LfcWakeAgentDocument,
    "\n  mutation LfcStartRun($input: StartRunInput!) { startRun(input: $input) { id } }\n": types.LfcStartRunDocument,
    "\n  mutation LfcCreateSchedule($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }\n": types.LfcCreateScheduleDocument,
    "\n  mutation LfcUpdateAgent($input: UpdateAgentInput!) { updateAgent(input: $input) { id defaultEnvironment { id } } }\n": types.LfcUpdateAgentDocument,
    "\n  mutation LfcClaimNextRun($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id } } }\n": types.LfcClaimNextRunDocument,
    "\n  mutation LfcHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }\n": types.LfcHeartbeatDocument,
    "\n  query LfcListed($companyId: ID!) {\n    environments(companyId: $companyId, first: 100) { totalCount edges { node { id } } }\n    node(id: $companyId) {\n      __typename\n      ... on Company {\n        environments(first: 100) { totalCount edges { node { id } } }\n        agents(first: 100) { totalCount edges { node { id } } }\n      }\n    }\n  }\n": types.LfcListedDocument,
    "\n  query LfcNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Environment { deletedAt runs(first: 10) { edges { node { id status error } } } }\n      ... on Agent { deletedAt runs(first: 10) { edges { node { id status error cancelRequestedAt } } } }\n    }\n  }\n": types.LfcNodeDocument,
    "\n  mutation BreakerClaimNext($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id status } } }\n": types.BreakerClaimNextDocument,
    "\n  mutation BreakerClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } } }\n": types.BreakerClaimDocument,
    "\n  query BreakerProviders { sandboxProviders { key state health consecutiveFailures openUntil } }\n": types.BreakerProvidersDocument,
    "\n  mutation BreakerUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }\n": types.BreakerUpdateIssueDocument,
    "\n  mutation ProvClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id slot fencingToken status } workspace { id config } }\n  }\n": types.ProvClaimRunDocument,
    "\n  query ProvRunStatus($id: ID!) { run(id: $id) { status leases(first: 10) { edges { node { id status releaseReason } } } } }\n": types.ProvRunStatusDocument,
    "\n  query ProvSandboxProviders { sandboxProviders { key source state error registeredAt } }\n": types.ProvSandboxProvidersDocument,
    "\n  subscription ReapLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason fencingToken lease { id } }\n  }\n": types.ReapLeaseEventsDocument,
    "\n  mutation ReplicasStartRun($agentId: ID!, $issueId: ID!, $environmentId: ID!) {\n    startRun(input: { agentId: $agentId, issueId: $issueId, environmentId: $environmentId }) {\n      id\n      workspace {\n        id\n        configVersion\n      }\n    }\n  }\n": types.ReplicasStartRunDocument,
    "\n  mutation ReplicasUpdateIssueConfig($id: ID!, $config: JSON!) {\n    updateIssue(input: { id: $id, workspaceConfig: $config }) {\n      id\n    }\n  }\n": types.ReplicasUpdateIssueConfigDocument,
    "\n  mutation ReplicasCreateOperatorToken($companyId: ID!) {\n    createOperatorToken(input: { companyId: $companyId, name: \"cached on both replicas\" }) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n": types.ReplicasCreateOperatorTokenDocument,
    "\n  mutation ReplicasRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      revokedAt\n    }\n  }\n": types.ReplicasRevokeApiTokenDocument,
    "\n  query ReplicasCompanyIssues($companyId: ID!) {\n    issues(companyId: $companyId) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.ReplicasCompanyIssuesDocument,
    "\n  subscription ReplicasWorkspaceChanged($issueId: ID!) {\n    workspaceChanged(issueId: $issueId) {\n      id\n      config\n      configVersion\n    }\n  }\n": types.ReplicasWorkspaceChangedDocument,
    "\n  subscription ReplicasRunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      kind\n      status\n      fromStatus\n      run {\n        id\n      }\n    }\n  }\n": types.ReplicasRunEventsDocument,
    "\n  mutation RtSetRetryPolicy($input: UpdateAgentInput!) {\n    updateAgent(input: $input) { id retryPolicy { maxAttempts initialBackoffSeconds maxBackoffSeconds retryOn } }\n  }\n": types.RtSetRetryPolicyDocument,
    "\n  query RtAgentPolicy($id: ID!) { node(id: $id) { ... on Agent { retryPolicy { maxAttempts initialBackoffSeconds maxBackoffSeconds retryOn } } } }\n": types.RtAgentPolicyDocument,
    "\n  query RtRunChain($id: ID!) {\n    run(id: $id) {\n      id status attempt notRetriedReason\n      retryOf { id attempt }\n      retriedBy { id status attempt wakeCount wakeReasons retryOf { id } runtimeState(first: 20) { edges { node { key value version } } } }\n    }\n  }\n": types.RtRunChainDocument,
    "\n  mutation RtSetRuntimeState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n": types.RtSetRuntimeStateDocument,
    "\n  mutation RtFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status notRetriedReason retriedBy { id attempt } } }\n": types.RtFinishRunDocument,
    "\n  mutation RtClaimNextRun($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id attempt status } } }\n": types.RtClaimNextRunDocument,
    "\n  mutation RtWakeAgent($input: WakeAgentInput!) { wakeAgent(input: $input) { coalesced run { id } } }\n": types.RtWakeAgentDocument,
    "\n  subscription EvRunEvents($runId: ID, $agentId: ID) {\n    runEvents(runId: $runId, agentId: $agentId) { id kind status fromStatus pid at run { id status } }\n  }\n": types.EvRunEventsDocument,
    "\n  mutation LcClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status pid runnerId } lease { id status } } }\n": types.LcClaimRunDocument,
    "\n  mutation LcHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { cancelRequested workspaceConfigVersion leaseExpiresAt run { id status pid } }\n  }\n": types.LcHeartbeatDocument,
    "\n  mutation LcSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n": types.LcSetStateDocument,
    "\n  mutation LcFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status exitCode finishedAt } }\n": types.LcFinishRunDocument,
    "\n  mutation LcCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status cancelRequestedAt finishedAt } }\n": types.LcCancelRunDocument,
    "\n  query LcRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode pid lastHeartbeatAt finishedAt cancelRequestedAt\n      events(first: 100) { edges { node { kind status fromStatus } } }\n      leases(first: 10) { edges { node { status releaseReason } } }\n      runtimeState(first: 100) { edges { node { key version } } }\n    }\n  }\n": types.LcRunDetailsDocument,
    "\n  subscription KillLiveLogs($runId: ID!) { runLogs(runId: $runId) { seq stream text } }\n": types.KillLiveLogsDocument,
    "\n  mutation LogsAppend($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted duplicates logsTruncated } }\n": types.LogsAppendDocument,
    "\n  query LogsRunLogs($id: ID!, $after: String, $first: Int, $stream: RunLogStream) {\n    run(id: $id) {\n      logsTruncated\n      logs(after: $after, first: $first, stream: $stream) {\n        edges { cursor node { seq stream text createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.LogsRunLogsDocument,
    "\n  query LogsRunLogTail($id: ID!, $before: String, $last: Int, $first: Int, $stream: RunLogStream) {\n    run(id: $id) {\n      logs(before: $before, last: $last, first: $first, stream: $stream) {\n        edges { cursor node { seq stream text } }\n        pageInfo { hasPreviousPage hasNextPage startCursor }\n      }\n    }\n  }\n": types.LogsRunLogTailDocument,
    "\n  subscription LogsLive($runId: ID!) { runLogs(runId: $runId) { seq stream text } }\n": types.LogsLiveDocument,
    "\n  mutation RunnerDeleteAgent($input: DeleteAgentInput!) { deleteAgent(input: $input) { id } }\n": types.RunnerDeleteAgentDocument,
    "\n  mutation RnUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id workspace { configVersion } } }\n": types.RnUpdateIssueDocument,
    "\n  query RnRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode error pid runnerId finishedAt lastHeartbeatAt heartbeatCount\n      runtimeState(first: 50) { edges { node { key value version } } }\n      events(first: 200) { edges { node { kind status fromStatus pid } } }\n      leases(first: 5) { edges { node { status releaseReason } } }\n    }\n  }\n": types.RnRunDetailsDocument,
    "\n  mutation RtsSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key value version } }\n": types.RtsSetStateDocument,
    "\n  query RtsRunState($id: ID!) {\n    run(id: $id) { status runtimeState(first: 100) { edges { node { key value version } } } }\n  }\n": types.RtsRunStateDocument,
    "\n  mutation SchedulesCreate($input: CreateScheduleInput!) {\n    createSchedule(input: $input) { id intervalSeconds cron nextWakeAt lastWakeAt agent { id } issue { id } environment { id } }\n  }\n": types.SchedulesCreateDocument,
    "\n  mutation SchedulesDelete($input: DeleteScheduleInput!) { deleteSchedule(input: $input) { id } }\n": types.SchedulesDeleteDocument,
    "\n  query SchedulesOfAgent($id: ID!) {\n    node(id: $id) { ... on Agent { schedules { edges { node { id } } } } ... on Issue { schedules { edges { node { id } } } } }\n  }\n": types.SchedulesOfAgentDocument,
    "\n  mutation SchedulesCloseIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }\n": types.SchedulesCloseIssueDocument,
    "\n  mutation SchedulesOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }\n": types.SchedulesOperatorTokenDocument,
    "\n  mutation FixtureCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n": types.FixtureCreateCompanyDocument,
    "\n  mutation FixtureCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id heartbeatTimeoutSeconds } token } }\n": types.FixtureCreateAgentDocument,
    "\n  mutation FixtureCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n": types.FixtureCreateIssueDocument,
    "\n  mutation FixtureCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id providerKey capacity } }\n": types.FixtureCreateEnvironmentDocument,
    "\n  mutation FixtureUpdateAgentConcurrency($input: UpdateAgentInput!) { updateAgent(input: $input) { id maxConcurrentRuns } }\n": types.FixtureUpdateAgentConcurrencyDocument,
    "\n  mutation FixtureStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id } } }\n": types.FixtureStartRunDocument,
    "\n  mutation FixtureClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } lease { id fencingToken status } } }\n": types.FixtureClaimRunDocument,
    "\n  mutation FixtureHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested run { status } } }\n": types.FixtureHeartbeatDocument,
    "\n  mutation FixtureFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status } }\n": types.FixtureFinishRunDocument,
    "\n  mutation FixtureCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }\n": types.FixtureCancelRunDocument,
    "\n  mutation FixtureAcquireLease($input: AcquireLeaseInput!) { acquireLease(input: $input) { id slot fencingToken status } }\n": types.FixtureAcquireLeaseDocument,
    "\n  mutation FixtureReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status releaseReason } }\n": types.FixtureReleaseLeaseDocument,
    "\n  mutation UsageHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { cancelRequested cancelReason run { status cancelReason usage { inputTokens outputTokens costCents other } } }\n  }\n": types.UsageHeartbeatDocument,
    "\n  query UsageRun($id: ID!) { run(id: $id) { status cancelReason error usage { inputTokens outputTokens costCents other } } }\n": types.UsageRunDocument,
    "\n  mutation UsageSetBudget($input: UpdateAgentInput!) { updateAgent(input: $input) { id monthlyBudgetCents } }\n": types.UsageSetBudgetDocument,
    "\n  mutation UsageWake($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id status } } }\n": types.UsageWakeDocument,
    "\n  query UsageSums($agentId: ID!, $companyId: ID!, $since: DateTime) {\n    agent: node(id: $agentId) { ... on Agent { monthlyBudgetCents usage { costCents inputTokens other } since: usage(since: $since) { costCents inputTokens other } } }\n    company: node(id: $companyId) { ... on Company { usage { costCents outputTokens } since: usage(since: $since) { costCents outputTokens } } }\n  }\n": types.UsageSumsDocument,
    "\n  mutation UsageClaimNext($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id } } }\n": types.UsageClaimNextDocument,
    "\n  mutation UsageCancel($input: CancelRunInput!) { cancelRun(input: $input) { status cancelReason } }\n": types.UsageCancelDocument,
    "mutation UsageClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }": types.UsageClaimDocument,
    "\n  mutation LoopWakeAgent($input: WakeAgentInput!) {\n    wakeAgent(input: $input) { coalesced run { id status wakeCount wakeReasons priority environment { id } workspace { id } } }\n  }\n": types.LoopWakeAgentDocument,
    "\n  mutation LoopStartRun($input: StartRunInput!) { startRun(input: $input) { id status wakeCount wakeReasons } }\n": types.LoopStartRunDocument,
    "\n  mutation LoopClaimNextRun($input: ClaimNextRunInput!) {\n    claimNextRun(input: $input) { run { id status issue { id } } lease { id status } workspace { id } }\n  }\n": types.LoopClaimNextRunDocument,
    "\n  mutation LoopUpdateAgent($input: UpdateAgentInput!) { updateAgent(input: $input) { id maxConcurrentRuns defaultEnvironment { id } } }\n": types.LoopUpdateAgentDocument,
    "\n  query LoopQueuedRuns($companyId: ID!, $agentId: ID) {\n    queuedRuns(companyId: $companyId, agentId: $agentId) { edges { node { blockedBy run { id priority } } } }\n  }\n": types.LoopQueuedRunsDocument,
    "\n  query LoopRuns($companyId: ID!, $agentId: ID, $issueId: ID, $status: RunStatus) {\n    runs(companyId: $companyId, agentId: $agentId, issueId: $issueId, status: $status) { edges { node { id status } } }\n  }\n": types.LoopRunsDocument,
    "\n  subscription LoopAgentRunEvents($agentId: ID!) { runEvents(agentId: $agentId) { kind status reason run { id wakeCount } } }\n": types.LoopAgentRunEventsDocument,
    "\n  mutation WsUpdateIssue($input: UpdateIssueInput!) {\n    updateIssue(input: $input) { id title status workspaceConfig workspace { id configVersion } }\n  }\n": types.WsUpdateIssueDocument,
    "\n  mutation WsStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id configVersion config } } }\n": types.WsStartRunDocument,
    "\n  mutation WsClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id } workspace { id config configVersion status } }\n  }\n": types.WsClaimRunDocument,
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
export function graphql(source: "\n  mutation BrSetBudget($input: UpdateAgentInput!) { updateAgent(input: $input) { monthlyBudgetCents } }\n"): (typeof documents)["\n  mutation BrSetBudget($input: UpdateAgentInput!) { updateAgent(input: $input) { monthlyBudgetCents } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BrWake($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id } } }\n"): (typeof documents)["\n  mutation BrWake($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrRun($id: ID!) {\n    run(id: $id) {\n      status cancelReason finishedAt heartbeatCount\n      usage { inputTokens outputTokens costCents other }\n    }\n  }\n"): (typeof documents)["\n  query BrRun($id: ID!) {\n    run(id: $id) {\n      status cancelReason finishedAt heartbeatCount\n      usage { inputTokens outputTokens costCents other }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrAgentUsage($id: ID!) { node(id: $id) { ... on Agent { usage { costCents } } } }\n"): (typeof documents)["\n  query BrAgentUsage($id: ID!) { node(id: $id) { ... on Agent { usage { costCents } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CeCompanyEvents($companyId: ID!) {\n    companyEvents(companyId: $companyId) {\n      __typename\n      ... on RunEvent { kind status run { id } }\n      ... on LeaseEvent { leaseKind: kind slot fencingToken lease { id } }\n      ... on Workspace { id configVersion }\n      ... on RuntimeStateChange { key value version run { id } }\n      ... on SandboxProvider { key health consecutiveFailures openUntil }\n    }\n  }\n"): (typeof documents)["\n  subscription CeCompanyEvents($companyId: ID!) {\n    companyEvents(companyId: $companyId) {\n      __typename\n      ... on RunEvent { kind status run { id } }\n      ... on LeaseEvent { leaseKind: kind slot fencingToken lease { id } }\n      ... on Workspace { id configVersion }\n      ... on RuntimeStateChange { key value version run { id } }\n      ... on SandboxProvider { key health consecutiveFailures openUntil }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CeSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n"): (typeof documents)["\n  mutation CeSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CeUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id } }\n"): (typeof documents)["\n  mutation CeUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CeCounts($companyId: ID!, $agentId: ID) {\n    runs(companyId: $companyId, agentId: $agentId) { totalCount edges { node { id } } }\n    queued: runs(companyId: $companyId, status: QUEUED) { totalCount }\n    queuedRuns(companyId: $companyId, first: 1) { totalCount edges { node { run { id } } } }\n    issues(companyId: $companyId, first: 1) { totalCount }\n    environments(companyId: $companyId) { totalCount }\n    node(id: $companyId) { ... on Company { agents { totalCount } runs(first: 1) { totalCount } } }\n  }\n"): (typeof documents)["\n  query CeCounts($companyId: ID!, $agentId: ID) {\n    runs(companyId: $companyId, agentId: $agentId) { totalCount edges { node { id } } }\n    queued: runs(companyId: $companyId, status: QUEUED) { totalCount }\n    queuedRuns(companyId: $companyId, first: 1) { totalCount edges { node { run { id } } } }\n    issues(companyId: $companyId, first: 1) { totalCount }\n    environments(companyId: $companyId) { totalCount }\n    node(id: $companyId) { ... on Company { agents { totalCount } runs(first: 1) { totalCount } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DaCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token apiToken { id kind name agent { id } } } }\n"): (typeof documents)["\n  mutation DaCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token apiToken { id kind name agent { id } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DaCreateOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token apiToken { id } } }\n"): (typeof documents)["\n  mutation DaCreateOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token apiToken { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DaTokens($id: ID!, $includeRevoked: Boolean) {\n    node(id: $id) { ... on Company { apiTokens(includeRevoked: $includeRevoked) { totalCount edges { node { id kind revokedAt agent { id } } } } } }\n  }\n"): (typeof documents)["\n  query DaTokens($id: ID!, $includeRevoked: Boolean) {\n    node(id: $id) { ... on Company { apiTokens(includeRevoked: $includeRevoked) { totalCount edges { node { id kind revokedAt agent { id } } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DaRevoke($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { id revokedAt } }\n"): (typeof documents)["\n  mutation DaRevoke($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { id revokedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DaRerun($input: RerunRunInput!) { rerunRun(input: $input) { coalesced run { id status wakeReasons wakeCount priority issue { id } } } }\n"): (typeof documents)["\n  mutation DaRerun($input: RerunRunInput!) { rerunRun(input: $input) { coalesced run { id status wakeReasons wakeCount priority issue { id } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DaHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { run { id attempt wakeCount wakeReasons priority notBefore retryOf { id } notRetriedReason cancelReason usage { costCents } logsTruncated } }\n  }\n"): (typeof documents)["\n  mutation DaHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { run { id attempt wakeCount wakeReasons priority notBefore retryOf { id } notRetriedReason cancelReason usage { costCents } logsTruncated } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DaCloseIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }\n"): (typeof documents)["\n  mutation DaCloseIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardServerViewer { viewer { kind agent { id name } companies(first: 10) { totalCount edges { node { id name } } } } }\n"): (typeof documents)["\n  query DashboardServerViewer { viewer { kind agent { id name } companies(first: 10) { totalCount edges { node { id name } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardServerOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }\n"): (typeof documents)["\n  mutation DashboardServerOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardTestAppendLogs($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted } }\n"): (typeof documents)["\n  mutation DashboardTestAppendLogs($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardTestSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { version } }\n"): (typeof documents)["\n  mutation DashboardTestSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { version } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardTestOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token apiToken { id } } }\n"): (typeof documents)["\n  mutation DashboardTestOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token apiToken { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardTestRevoke($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { revokedAt } }\n"): (typeof documents)["\n  mutation DashboardTestRevoke($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { revokedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardTestFinish($input: FinishRunInput!) { finishRun(input: $input) { status } }\n"): (typeof documents)["\n  mutation DashboardTestFinish($input: FinishRunInput!) { finishRun(input: $input) { status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardTestHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }\n"): (typeof documents)["\n  mutation DashboardTestHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DemoRun($id: ID!) {\n    run(id: $id) {\n      status\n      exitCode\n      agent { name company { name } }\n      environment { name }\n      issue { title }\n      runtimeState(first: 10) { edges { node { key value } } }\n      usage { inputTokens outputTokens costCents }\n      logs(first: 100) { edges { node { stream text } } }\n    }\n  }\n"): (typeof documents)["\n  query DemoRun($id: ID!) {\n    run(id: $id) {\n      status\n      exitCode\n      agent { name company { name } }\n      environment { name }\n      issue { title }\n      runtimeState(first: 10) { edges { node { key value } } }\n      usage { inputTokens outputTokens costCents }\n      logs(first: 100) { edges { node { stream text } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DemoCompanies { companies(first: 10) { edges { node { name environments(first: 10) { edges { node { name } } } } } } }\n"): (typeof documents)["\n  query DemoCompanies { companies(first: 10) { edges { node { name environments(first: 10) { edges { node { name } } } } } } }\n"];
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
export function graphql(source: "\n  query CleanupEnvironmentLeases($id: ID!, $cleanupStatus: LeaseCleanupStatus) {\n    node(id: $id) {\n      ... on Environment {\n        leases(first: 50, cleanupStatus: $cleanupStatus) { edges { node { id status cleanupStatus cleanupAttempts cleanupError } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CleanupEnvironmentLeases($id: ID!, $cleanupStatus: LeaseCleanupStatus) {\n    node(id: $id) {\n      ... on Environment {\n        leases(first: 50, cleanupStatus: $cleanupStatus) { edges { node { id status cleanupStatus cleanupAttempts cleanupError } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CleanupRetryLeaseCleanup($input: RetryLeaseCleanupInput!) {\n    retryLeaseCleanup(input: $input) { id cleanupStatus cleanupAttempts cleanupError }\n  }\n"): (typeof documents)["\n  mutation CleanupRetryLeaseCleanup($input: RetryLeaseCleanupInput!) {\n    retryLeaseCleanup(input: $input) { id cleanupStatus cleanupAttempts cleanupError }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LfPing($id: ID!) { node(id: $id) { id } }\n"): (typeof documents)["\n  query LfPing($id: ID!) { node(id: $id) { id } }\n"];
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
export function graphql(source: "\n  mutation LfcUpdateEnvironment($input: UpdateEnvironmentInput!) {\n    updateEnvironment(input: $input) { id name capacity config providerKey deletedAt }\n  }\n"): (typeof documents)["\n  mutation LfcUpdateEnvironment($input: UpdateEnvironmentInput!) {\n    updateEnvironment(input: $input) { id name capacity config providerKey deletedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfcDeleteEnvironment($input: DeleteEnvironmentInput!) { deleteEnvironment(input: $input) { id deletedAt } }\n"): (typeof documents)["\n  mutation LfcDeleteEnvironment($input: DeleteEnvironmentInput!) { deleteEnvironment(input: $input) { id deletedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfcDeleteAgent($input: DeleteAgentInput!) { deleteAgent(input: $input) { id deletedAt } }\n"): (typeof documents)["\n  mutation LfcDeleteAgent($input: DeleteAgentInput!) { deleteAgent(input: $input) { id deletedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfcCreateOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }\n"): (typeof documents)["\n  mutation LfcCreateOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfcWakeAgent($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id status } } }\n"): (typeof documents)["\n  mutation LfcWakeAgent($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id status } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfcStartRun($input: StartRunInput!) { startRun(input: $input) { id } }\n"): (typeof documents)["\n  mutation LfcStartRun($input: StartRunInput!) { startRun(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfcCreateSchedule($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }\n"): (typeof documents)["\n  mutation LfcCreateSchedule($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfcUpdateAgent($input: UpdateAgentInput!) { updateAgent(input: $input) { id defaultEnvironment { id } } }\n"): (typeof documents)["\n  mutation LfcUpdateAgent($input: UpdateAgentInput!) { updateAgent(input: $input) { id defaultEnvironment { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfcClaimNextRun($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id } } }\n"): (typeof documents)["\n  mutation LfcClaimNextRun($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LfcHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }\n"): (typeof documents)["\n  mutation LfcHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LfcListed($companyId: ID!) {\n    environments(companyId: $companyId, first: 100) { totalCount edges { node { id } } }\n    node(id: $companyId) {\n      __typename\n      ... on Company {\n        environments(first: 100) { totalCount edges { node { id } } }\n        agents(first: 100) { totalCount edges { node { id } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LfcListed($companyId: ID!) {\n    environments(companyId: $companyId, first: 100) { totalCount edges { node { id } } }\n    node(id: $companyId) {\n      __typename\n      ... on Company {\n        environments(first: 100) { totalCount edges { node { id } } }\n        agents(first: 100) { totalCount edges { node { id } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LfcNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Environment { deletedAt runs(first: 10) { edges { node { id status error } } } }\n      ... on Agent { deletedAt runs(first: 10) { edges { node { id status error cancelRequestedAt } } } }\n    }\n  }\n"): (typeof documents)["\n  query LfcNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Environment { deletedAt runs(first: 10) { edges { node { id status error } } } }\n      ... on Agent { deletedAt runs(first: 10) { edges { node { id status error cancelRequestedAt } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BreakerClaimNext($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id status } } }\n"): (typeof documents)["\n  mutation BreakerClaimNext($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id status } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BreakerClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } } }\n"): (typeof documents)["\n  mutation BreakerClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BreakerProviders { sandboxProviders { key state health consecutiveFailures openUntil } }\n"): (typeof documents)["\n  query BreakerProviders { sandboxProviders { key state health consecutiveFailures openUntil } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BreakerUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }\n"): (typeof documents)["\n  mutation BreakerUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProvClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id slot fencingToken status } workspace { id config } }\n  }\n"): (typeof documents)["\n  mutation ProvClaimRun($input: ClaimRunInput!) {\n    claimRun(input: $input) { run { id status } lease { id slot fencingToken status } workspace { id config } }\n  }\n"];
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
export function graphql(source: "\n  subscription ReapLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason fencingToken lease { id } }\n  }\n"): (typeof documents)["\n  subscription ReapLeaseEvents($environmentId: ID!) {\n    leaseEvents(environmentId: $environmentId) { kind releaseReason fencingToken lease { id } }\n  }\n"];
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
export function graphql(source: "\n  mutation RtSetRetryPolicy($input: UpdateAgentInput!) {\n    updateAgent(input: $input) { id retryPolicy { maxAttempts initialBackoffSeconds maxBackoffSeconds retryOn } }\n  }\n"): (typeof documents)["\n  mutation RtSetRetryPolicy($input: UpdateAgentInput!) {\n    updateAgent(input: $input) { id retryPolicy { maxAttempts initialBackoffSeconds maxBackoffSeconds retryOn } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RtAgentPolicy($id: ID!) { node(id: $id) { ... on Agent { retryPolicy { maxAttempts initialBackoffSeconds maxBackoffSeconds retryOn } } } }\n"): (typeof documents)["\n  query RtAgentPolicy($id: ID!) { node(id: $id) { ... on Agent { retryPolicy { maxAttempts initialBackoffSeconds maxBackoffSeconds retryOn } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RtRunChain($id: ID!) {\n    run(id: $id) {\n      id status attempt notRetriedReason\n      retryOf { id attempt }\n      retriedBy { id status attempt wakeCount wakeReasons retryOf { id } runtimeState(first: 20) { edges { node { key value version } } } }\n    }\n  }\n"): (typeof documents)["\n  query RtRunChain($id: ID!) {\n    run(id: $id) {\n      id status attempt notRetriedReason\n      retryOf { id attempt }\n      retriedBy { id status attempt wakeCount wakeReasons retryOf { id } runtimeState(first: 20) { edges { node { key value version } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RtSetRuntimeState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n"): (typeof documents)["\n  mutation RtSetRuntimeState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RtFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status notRetriedReason retriedBy { id attempt } } }\n"): (typeof documents)["\n  mutation RtFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status notRetriedReason retriedBy { id attempt } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RtClaimNextRun($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id attempt status } } }\n"): (typeof documents)["\n  mutation RtClaimNextRun($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id attempt status } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RtWakeAgent($input: WakeAgentInput!) { wakeAgent(input: $input) { coalesced run { id } } }\n"): (typeof documents)["\n  mutation RtWakeAgent($input: WakeAgentInput!) { wakeAgent(input: $input) { coalesced run { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription EvRunEvents($runId: ID, $agentId: ID) {\n    runEvents(runId: $runId, agentId: $agentId) { id kind status fromStatus pid at run { id status } }\n  }\n"): (typeof documents)["\n  subscription EvRunEvents($runId: ID, $agentId: ID) {\n    runEvents(runId: $runId, agentId: $agentId) { id kind status fromStatus pid at run { id status } }\n  }\n"];
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
export function graphql(source: "\n  subscription KillLiveLogs($runId: ID!) { runLogs(runId: $runId) { seq stream text } }\n"): (typeof documents)["\n  subscription KillLiveLogs($runId: ID!) { runLogs(runId: $runId) { seq stream text } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogsAppend($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted duplicates logsTruncated } }\n"): (typeof documents)["\n  mutation LogsAppend($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted duplicates logsTruncated } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LogsRunLogs($id: ID!, $after: String, $first: Int, $stream: RunLogStream) {\n    run(id: $id) {\n      logsTruncated\n      logs(after: $after, first: $first, stream: $stream) {\n        edges { cursor node { seq stream text createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LogsRunLogs($id: ID!, $after: String, $first: Int, $stream: RunLogStream) {\n    run(id: $id) {\n      logsTruncated\n      logs(after: $after, first: $first, stream: $stream) {\n        edges { cursor node { seq stream text createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LogsRunLogTail($id: ID!, $before: String, $last: Int, $first: Int, $stream: RunLogStream) {\n    run(id: $id) {\n      logs(before: $before, last: $last, first: $first, stream: $stream) {\n        edges { cursor node { seq stream text } }\n        pageInfo { hasPreviousPage hasNextPage startCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LogsRunLogTail($id: ID!, $before: String, $last: Int, $first: Int, $stream: RunLogStream) {\n    run(id: $id) {\n      logs(before: $before, last: $last, first: $first, stream: $stream) {\n        edges { cursor node { seq stream text } }\n        pageInfo { hasPreviousPage hasNextPage startCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LogsLive($runId: ID!) { runLogs(runId: $runId) { seq stream text } }\n"): (typeof documents)["\n  subscription LogsLive($runId: ID!) { runLogs(runId: $runId) { seq stream text } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunnerDeleteAgent($input: DeleteAgentInput!) { deleteAgent(input: $input) { id } }\n"): (typeof documents)["\n  mutation RunnerDeleteAgent($input: DeleteAgentInput!) { deleteAgent(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RnUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id workspace { configVersion } } }\n"): (typeof documents)["\n  mutation RnUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id workspace { configVersion } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RnRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode error pid runnerId finishedAt lastHeartbeatAt heartbeatCount\n      runtimeState(first: 50) { edges { node { key value version } } }\n      events(first: 200) { edges { node { kind status fromStatus pid } } }\n      leases(first: 5) { edges { node { status releaseReason } } }\n    }\n  }\n"): (typeof documents)["\n  query RnRunDetails($id: ID!) {\n    run(id: $id) {\n      status exitCode error pid runnerId finishedAt lastHeartbeatAt heartbeatCount\n      runtimeState(first: 50) { edges { node { key value version } } }\n      events(first: 200) { edges { node { kind status fromStatus pid } } }\n      leases(first: 5) { edges { node { status releaseReason } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RtsSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key value version } }\n"): (typeof documents)["\n  mutation RtsSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key value version } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RtsRunState($id: ID!) {\n    run(id: $id) { status runtimeState(first: 100) { edges { node { key value version } } } }\n  }\n"): (typeof documents)["\n  query RtsRunState($id: ID!) {\n    run(id: $id) { status runtimeState(first: 100) { edges { node { key value version } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SchedulesCreate($input: CreateScheduleInput!) {\n    createSchedule(input: $input) { id intervalSeconds cron nextWakeAt lastWakeAt agent { id } issue { id } environment { id } }\n  }\n"): (typeof documents)["\n  mutation SchedulesCreate($input: CreateScheduleInput!) {\n    createSchedule(input: $input) { id intervalSeconds cron nextWakeAt lastWakeAt agent { id } issue { id } environment { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SchedulesDelete($input: DeleteScheduleInput!) { deleteSchedule(input: $input) { id } }\n"): (typeof documents)["\n  mutation SchedulesDelete($input: DeleteScheduleInput!) { deleteSchedule(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SchedulesOfAgent($id: ID!) {\n    node(id: $id) { ... on Agent { schedules { edges { node { id } } } } ... on Issue { schedules { edges { node { id } } } } }\n  }\n"): (typeof documents)["\n  query SchedulesOfAgent($id: ID!) {\n    node(id: $id) { ... on Agent { schedules { edges { node { id } } } } ... on Issue { schedules { edges { node { id } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SchedulesCloseIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }\n"): (typeof documents)["\n  mutation SchedulesCloseIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SchedulesOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }\n"): (typeof documents)["\n  mutation SchedulesOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"): (typeof documents)["\n  mutation FixtureCreateCompany($input: CreateCompanyInput!) { createCompany(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id heartbeatTimeoutSeconds } token } }\n"): (typeof documents)["\n  mutation FixtureCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id heartbeatTimeoutSeconds } token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"): (typeof documents)["\n  mutation FixtureCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id providerKey capacity } }\n"): (typeof documents)["\n  mutation FixtureCreateEnvironment($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id providerKey capacity } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureUpdateAgentConcurrency($input: UpdateAgentInput!) { updateAgent(input: $input) { id maxConcurrentRuns } }\n"): (typeof documents)["\n  mutation FixtureUpdateAgentConcurrency($input: UpdateAgentInput!) { updateAgent(input: $input) { id maxConcurrentRuns } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id } } }\n"): (typeof documents)["\n  mutation FixtureStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } lease { id fencingToken status } } }\n"): (typeof documents)["\n  mutation FixtureClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } lease { id fencingToken status } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested run { status } } }\n"): (typeof documents)["\n  mutation FixtureHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested run { status } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status } }\n"): (typeof documents)["\n  mutation FixtureFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }\n"): (typeof documents)["\n  mutation FixtureCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureAcquireLease($input: AcquireLeaseInput!) { acquireLease(input: $input) { id slot fencingToken status } }\n"): (typeof documents)["\n  mutation FixtureAcquireLease($input: AcquireLeaseInput!) { acquireLease(input: $input) { id slot fencingToken status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status releaseReason } }\n"): (typeof documents)["\n  mutation FixtureReleaseLease($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status releaseReason } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UsageHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { cancelRequested cancelReason run { status cancelReason usage { inputTokens outputTokens costCents other } } }\n  }\n"): (typeof documents)["\n  mutation UsageHeartbeat($input: HeartbeatInput!) {\n    heartbeat(input: $input) { cancelRequested cancelReason run { status cancelReason usage { inputTokens outputTokens costCents other } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsageRun($id: ID!) { run(id: $id) { status cancelReason error usage { inputTokens outputTokens costCents other } } }\n"): (typeof documents)["\n  query UsageRun($id: ID!) { run(id: $id) { status cancelReason error usage { inputTokens outputTokens costCents other } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UsageSetBudget($input: UpdateAgentInput!) { updateAgent(input: $input) { id monthlyBudgetCents } }\n"): (typeof documents)["\n  mutation UsageSetBudget($input: UpdateAgentInput!) { updateAgent(input: $input) { id monthlyBudgetCents } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UsageWake($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id status } } }\n"): (typeof documents)["\n  mutation UsageWake($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id status } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsageSums($agentId: ID!, $companyId: ID!, $since: DateTime) {\n    agent: node(id: $agentId) { ... on Agent { monthlyBudgetCents usage { costCents inputTokens other } since: usage(since: $since) { costCents inputTokens other } } }\n    company: node(id: $companyId) { ... on Company { usage { costCents outputTokens } since: usage(since: $since) { costCents outputTokens } } }\n  }\n"): (typeof documents)["\n  query UsageSums($agentId: ID!, $companyId: ID!, $since: DateTime) {\n    agent: node(id: $agentId) { ... on Agent { monthlyBudgetCents usage { costCents inputTokens other } since: usage(since: $since) { costCents inputTokens other } } }\n    company: node(id: $companyId) { ... on Company { usage { costCents outputTokens } since: usage(since: $since) { costCents outputTokens } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UsageClaimNext($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id } } }\n"): (typeof documents)["\n  mutation UsageClaimNext($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UsageCancel($input: CancelRunInput!) { cancelRun(input: $input) { status cancelReason } }\n"): (typeof documents)["\n  mutation UsageCancel($input: CancelRunInput!) { cancelRun(input: $input) { status cancelReason } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UsageClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }"): (typeof documents)["mutation UsageClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LoopWakeAgent($input: WakeAgentInput!) {\n    wakeAgent(input: $input) { coalesced run { id status wakeCount wakeReasons priority environment { id } workspace { id } } }\n  }\n"): (typeof documents)["\n  mutation LoopWakeAgent($input: WakeAgentInput!) {\n    wakeAgent(input: $input) { coalesced run { id status wakeCount wakeReasons priority environment { id } workspace { id } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LoopStartRun($input: StartRunInput!) { startRun(input: $input) { id status wakeCount wakeReasons } }\n"): (typeof documents)["\n  mutation LoopStartRun($input: StartRunInput!) { startRun(input: $input) { id status wakeCount wakeReasons } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LoopClaimNextRun($input: ClaimNextRunInput!) {\n    claimNextRun(input: $input) { run { id status issue { id } } lease { id status } workspace { id } }\n  }\n"): (typeof documents)["\n  mutation LoopClaimNextRun($input: ClaimNextRunInput!) {\n    claimNextRun(input: $input) { run { id status issue { id } } lease { id status } workspace { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LoopUpdateAgent($input: UpdateAgentInput!) { updateAgent(input: $input) { id maxConcurrentRuns defaultEnvironment { id } } }\n"): (typeof documents)["\n  mutation LoopUpdateAgent($input: UpdateAgentInput!) { updateAgent(input: $input) { id maxConcurrentRuns defaultEnvironment { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LoopQueuedRuns($companyId: ID!, $agentId: ID) {\n    queuedRuns(companyId: $companyId, agentId: $agentId) { edges { node { blockedBy run { id priority } } } }\n  }\n"): (typeof documents)["\n  query LoopQueuedRuns($companyId: ID!, $agentId: ID) {\n    queuedRuns(companyId: $companyId, agentId: $agentId) { edges { node { blockedBy run { id priority } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LoopRuns($companyId: ID!, $agentId: ID, $issueId: ID, $status: RunStatus) {\n    runs(companyId: $companyId, agentId: $agentId, issueId: $issueId, status: $status) { edges { node { id status } } }\n  }\n"): (typeof documents)["\n  query LoopRuns($companyId: ID!, $agentId: ID, $issueId: ID, $status: RunStatus) {\n    runs(companyId: $companyId, agentId: $agentId, issueId: $issueId, status: $status) { edges { node { id status } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LoopAgentRunEvents($agentId: ID!) { runEvents(agentId: $agentId) { kind status reason run { id wakeCount } } }\n"): (typeof documents)["\n  subscription LoopAgentRunEvents($agentId: ID!) { runEvents(agentId: $agentId) { kind status reason run { id wakeCount } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WsUpdateIssue($input: UpdateIssueInput!) {\n    updateIssue(input: $input) { id title status workspaceConfig workspace { id configVersion } }\n  }\n"): (typeof documents)["\n  mutation WsUpdateIssue($input: UpdateIssueInput!) {\n    updateIssue(input: $input) { id title status workspaceConfig workspace { id configVersion } }\n  }\n"];
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