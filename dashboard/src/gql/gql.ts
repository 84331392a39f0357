/* eslint-disable */
import * as types from './graphql';
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
    "\n  fragment RunRow on Run {\n    id\n    status\n    attempt\n    createdAt\n    lastHeartbeatAt\n    notBefore\n    agent { id name }\n    issue { id title }\n    environment { id name providerKey }\n    usage { costCents }\n  }\n": typeof types.RunRowFragmentDoc,
    "\n  subscription DashboardCompanyEvents($companyId: ID!) {\n    companyEvents(companyId: $companyId) {\n      __typename\n      ... on RunEvent { kind status fromStatus at reason run { ...RunRow } }\n      ... on LeaseEvent { leaseKind: kind at slot fencingToken expiresAt releaseReason lease { id status cleanupStatus environment { id } } }\n      ... on Workspace { id configVersion }\n      ... on RuntimeStateChange { key value version updatedAt run { id } }\n      ... on SandboxProvider { key source state error registeredAt health consecutiveFailures openUntil }\n    }\n  }\n": typeof types.DashboardCompanyEventsDocument,
    "\n  query AgentsPage($companyId: ID!) {\n    running: runs(companyId: $companyId, status: RUNNING, first: 100) { totalCount edges { node { id agent { id } } } }\n    node(id: $companyId) {\n      __typename\n      ... on Company {\n        agents(first: 100) {\n          totalCount\n          edges {\n            node {\n              id\n              name\n              maxConcurrentRuns\n              monthlyBudgetCents\n              heartbeatTimeoutSeconds\n              usage { costCents }\n              schedules(first: 20) {\n                pageInfo { hasNextPage }\n                edges { node { id intervalSeconds cron nextWakeAt lastWakeAt issue { title } environment { name } } }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.AgentsPageDocument,
    "\n  query EnvironmentsPage($companyId: ID!, $withRuns: Boolean!) {\n    environments(companyId: $companyId, first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          providerKey\n          capacity\n          active: leases(status: ACTIVE, first: 100) {\n            edges { node { id slot fencingToken expiresAt run @include(if: $withRuns) { id status agent { name } issue { title } } } }\n          }\n          pending: leases(cleanupStatus: PENDING, first: 20) { pageInfo { hasNextPage } edges { node { ...CleanupLease } } }\n          failed: leases(cleanupStatus: FAILED, first: 20) { pageInfo { hasNextPage } edges { node { ...CleanupLease } } }\n        }\n      }\n    }\n  }\n  fragment CleanupLease on Lease { id slot fencingToken releasedAt releaseReason cleanupStatus cleanupAttempts cleanupError }\n": typeof types.EnvironmentsPageDocument,
    "\n  mutation DashboardRetryLeaseCleanup($input: RetryLeaseCleanupInput!) { retryLeaseCleanup(input: $input) { id cleanupStatus cleanupAttempts } }\n": typeof types.DashboardRetryLeaseCleanupDocument,
    "\n  query ProvidersPage {\n    sandboxProviders { key source state error registeredAt health consecutiveFailures openUntil }\n  }\n": typeof types.ProvidersPageDocument,
    "\n  query RunPage($id: ID!) {\n    run(id: $id) {\n      ...RunRow\n      runnerId\n      pid\n      startedAt\n      finishedAt\n      exitCode\n      error\n      cancelReason\n      notRetriedReason\n      priority\n      wakeCount\n      wakeReasons\n      timeoutSeconds\n      claimedByReplica\n      logsTruncated\n      workspace { id configVersion }\n      usage { inputTokens outputTokens costCents other }\n      retryOf { id attempt status retryOf { id attempt status retryOf { id attempt status retryOf { id } } } }\n      retriedBy { id attempt status retriedBy { id attempt status retriedBy { id attempt status retriedBy { id } } } }\n      events(first: 100) { edges { node { id kind status fromStatus reason pid at } } }\n      runtimeState(first: 100) { edges { node { key value version updatedAt } } }\n      leases(first: 20) {\n        edges { node { id slot fencingToken status releaseReason acquiredAt expiresAt releasedAt cleanupStatus cleanupAttempts cleanupError environment { name } } }\n      }\n    }\n  }\n": typeof types.RunPageDocument,
    "\n  query RunLogTail($id: ID!, $last: Int!) {\n    run(id: $id) { logs(last: $last) { pageInfo { hasPreviousPage } edges { node { seq stream text createdAt } } } }\n  }\n": typeof types.RunLogTailDocument,
    "\n  subscription RunLogLines($runId: ID!) { runLogs(runId: $runId) { seq stream text createdAt } }\n": typeof types.RunLogLinesDocument,
    "\n  mutation DashboardCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }\n": typeof types.DashboardCancelRunDocument,
    "\n  mutation DashboardRerunRun($input: RerunRunInput!) { rerunRun(input: $input) { coalesced run { id } } }\n": typeof types.DashboardRerunRunDocument,
    "\n  query RunsPage($companyId: ID!, $status: RunStatus, $agentId: ID, $first: Int!, $after: String) {\n    runs(companyId: $companyId, status: $status, agentId: $agentId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...RunRow } }\n    }\n  }\n": typeof types.RunsPageDocument,
    "\n  query RunFilters($companyId: ID!) {\n    node(id: $companyId) { __typename ... on Company { agents(first: 100) { edges { node { id name } } } } }\n  }\n": typeof types.RunFiltersDocument,
    "\n  query QueueReasons($companyId: ID!, $agentId: ID) {\n    queuedRuns(companyId: $companyId, agentId: $agentId, first: 100) { edges { node { blockedBy run { id } } } }\n    sandboxProviders { key openUntil }\n  }\n": typeof types.QueueReasonsDocument,
    "\n  query SignInViewer {\n    viewer {\n      kind\n      agent { id name }\n      companies(first: 100) { totalCount edges { node { id name } } }\n    }\n  }\n": typeof types.SignInViewerDocument,
};
const documents: Documents = {
    "\n  fragment RunRow on Run {\n    id\n    status\n    attempt\n    createdAt\n    lastHeartbeatAt\n    notBefore\n    agent { id name }\n    issue { id title }\n    environment { id name providerKey }\n    usage { costCents }\n  }\n": types.RunRowFragmentDoc,
    "\n  subscription DashboardCompanyEvents($companyId: ID!) {\n    companyEvents(companyId: $companyId) {\n      __typename\n      ... on RunEvent { kind status fromStatus at reason run { ...RunRow } }\n      ... on LeaseEvent { leaseKind: kind at slot fencingToken expiresAt releaseReason lease { id status cleanupStatus environment { id } } }\n      ... on Workspace { id configVersion }\n      ... on RuntimeStateChange { key value version updatedAt run { id } }\n      ... on SandboxProvider { key source state error registeredAt health consecutiveFailures openUntil }\n    }\n  }\n": types.DashboardCompanyEventsDocument,
    "\n  query AgentsPage($companyId: ID!) {\n    running: runs(companyId: $companyId, status: RUNNING, first: 100) { totalCount edges { node { id agent { id } } } }\n    node(id: $companyId) {\n      __typename\n      ... on Company {\n        agents(first: 100) {\n          totalCount\n          edges {\n            node {\n              id\n              name\n              maxConcurrentRuns\n              monthlyBudgetCents\n              heartbeatTimeoutSeconds\n              usage { costCents }\n              schedules(first: 20) {\n                pageInfo { hasNextPage }\n                edges { node { id intervalSeconds cron nextWakeAt lastWakeAt issue { title } environment { name } } }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.AgentsPageDocument,
    "\n  query EnvironmentsPage($companyId: ID!, $withRuns: Boolean!) {\n    environments(companyId: $companyId, first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          providerKey\n          capacity\n          active: leases(status: ACTIVE, first: 100) {\n            edges { node { id slot fencingToken expiresAt run @include(if: $withRuns) { id status agent { name } issue { title } } } }\n          }\n          pending: leases(cleanupStatus: PENDING, first: 20) { pageInfo { hasNextPage } edges { node { ...CleanupLease } } }\n          failed: leases(cleanupStatus: FAILED, first: 20) { pageInfo { hasNextPage } edges { node { ...CleanupLease } } }\n        }\n      }\n    }\n  }\n  fragment CleanupLease on Lease { id slot fencingToken releasedAt releaseReason cleanupStatus cleanupAttempts cleanupError }\n": types.EnvironmentsPageDocument,
    "\n  mutation DashboardRetryLeaseCleanup($input: RetryLeaseCleanupInput!) { retryLeaseCleanup(input: $input) { id cleanupStatus cleanupAttempts } }\n": types.DashboardRetryLeaseCleanupDocument,
    "\n  query ProvidersPage {\n    sandboxProviders { key source state error registeredAt health consecutiveFailures openUntil }\n  }\n": types.ProvidersPageDocument,
    "\n  query RunPage($id: ID!) {\n    run(id: $id) {\n      ...RunRow\n      runnerId\n      pid\n      startedAt\n      finishedAt\n      exitCode\n      error\n      cancelReason\n      notRetriedReason\n      priority\n      wakeCount\n      wakeReasons\n      timeoutSeconds\n      claimedByReplica\n      logsTruncated\n      workspace { id configVersion }\n      usage { inputTokens outputTokens costCents other }\n      retryOf { id attempt status retryOf { id attempt status retryOf { id attempt status retryOf { id } } } }\n      retriedBy { id attempt status retriedBy { id attempt status retriedBy { id attempt status retriedBy { id } } } }\n      events(first: 100) { edges { node { id kind status fromStatus reason pid at } } }\n      runtimeState(first: 100) { edges { node { key value version updatedAt } } }\n      leases(first: 20) {\n        edges { node { id slot fencingToken status releaseReason acquiredAt expiresAt releasedAt cleanupStatus cleanupAttempts cleanupError environment { name } } }\n      }\n    }\n  }\n": types.RunPageDocument,
    "\n  query RunLogTail($id: ID!, $last: Int!) {\n    run(id: $id) { logs(last: $last) { pageInfo { hasPreviousPage } edges { node { seq stream text createdAt } } } }\n  }\n": types.RunLogTailDocument,
    "\n  subscription RunLogLines($runId: ID!) { runLogs(runId: $runId) { seq stream text createdAt } }\n": types.RunLogLinesDocument,
    "\n  mutation DashboardCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }\n": types.DashboardCancelRunDocument,
    "\n  mutation DashboardRerunRun($input: RerunRunInput!) { rerunRun(input: $input) { coalesced run { id } } }\n": types.DashboardRerunRunDocument,
    "\n  query RunsPage($companyId: ID!, $status: RunStatus, $agentId: ID, $first: Int!, $after: String) {\n    runs(companyId: $companyId, status: $status, agentId: $agentId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...RunRow } }\n    }\n  }\n": types.RunsPageDocument,
    "\n  query RunFilters($companyId: ID!) {\n    node(id: $companyId) { __typename ... on Company { agents(first: 100) { edges { node { id name } } } } }\n  }\n": types.RunFiltersDocument,
    "\n  query QueueReasons($companyId: ID!, $agentId: ID) {\n    queuedRuns(companyId: $companyId, agentId: $agentId, first: 100) { edges { node { blockedBy run { id } } } }\n    sandboxProviders { key openUntil }\n  }\n": types.QueueReasonsDocument,
    "\n  query SignInViewer {\n    viewer {\n      kind\n      agent { id name }\n      companies(first: 100) { totalCount edges { node { id name } } }\n    }\n  }\n": types.SignInViewerDocument,
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
export function graphql(source: "\n  fragment RunRow on Run {\n    id\n    status\n    attempt\n    createdAt\n    lastHeartbeatAt\n    notBefore\n    agent { id name }\n    issue { id title }\n    environment { id name providerKey }\n    usage { costCents }\n  }\n"): (typeof documents)["\n  fragment RunRow on Run {\n    id\n    status\n    attempt\n    createdAt\n    lastHeartbeatAt\n    notBefore\n    agent { id name }\n    issue { id title }\n    environment { id name providerKey }\n    usage { costCents }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashboardCompanyEvents($companyId: ID!) {\n    companyEvents(companyId: $companyId) {\n      __typename\n      ... on RunEvent { kind status fromStatus at reason run { ...RunRow } }\n      ... on LeaseEvent { leaseKind: kind at slot fencingToken expiresAt releaseReason lease { id status cleanupStatus environment { id } } }\n      ... on Workspace { id configVersion }\n      ... on RuntimeStateChange { key value version updatedAt run { id } }\n      ... on SandboxProvider { key source state error registeredAt health consecutiveFailures openUntil }\n    }\n  }\n"): (typeof documents)["\n  subscription DashboardCompanyEvents($companyId: ID!) {\n    companyEvents(companyId: $companyId) {\n      __typename\n      ... on RunEvent { kind status fromStatus at reason run { ...RunRow } }\n      ... on LeaseEvent { leaseKind: kind at slot fencingToken expiresAt releaseReason lease { id status cleanupStatus environment { id } } }\n      ... on Workspace { id configVersion }\n      ... on RuntimeStateChange { key value version updatedAt run { id } }\n      ... on SandboxProvider { key source state error registeredAt health consecutiveFailures openUntil }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentsPage($companyId: ID!) {\n    running: runs(companyId: $companyId, status: RUNNING, first: 100) { totalCount edges { node { id agent { id } } } }\n    node(id: $companyId) {\n      __typename\n      ... on Company {\n        agents(first: 100) {\n          totalCount\n          edges {\n            node {\n              id\n              name\n              maxConcurrentRuns\n              monthlyBudgetCents\n              heartbeatTimeoutSeconds\n              usage { costCents }\n              schedules(first: 20) {\n                pageInfo { hasNextPage }\n                edges { node { id intervalSeconds cron nextWakeAt lastWakeAt issue { title } environment { name } } }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AgentsPage($companyId: ID!) {\n    running: runs(companyId: $companyId, status: RUNNING, first: 100) { totalCount edges { node { id agent { id } } } }\n    node(id: $companyId) {\n      __typename\n      ... on Company {\n        agents(first: 100) {\n          totalCount\n          edges {\n            node {\n              id\n              name\n              maxConcurrentRuns\n              monthlyBudgetCents\n              heartbeatTimeoutSeconds\n              usage { costCents }\n              schedules(first: 20) {\n                pageInfo { hasNextPage }\n                edges { node { id intervalSeconds cron nextWakeAt lastWakeAt issue { title } environment { name } } }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EnvironmentsPage($companyId: ID!, $withRuns: Boolean!) {\n    environments(companyId: $companyId, first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          providerKey\n          capacity\n          active: leases(status: ACTIVE, first: 100) {\n            edges { node { id slot fencingToken expiresAt run @include(if: $withRuns) { id status agent { name } issue { title } } } }\n          }\n          pending: leases(cleanupStatus: PENDING, first: 20) { pageInfo { hasNextPage } edges { node { ...CleanupLease } } }\n          failed: leases(cleanupStatus: FAILED, first: 20) { pageInfo { hasNextPage } edges { node { ...CleanupLease } } }\n        }\n      }\n    }\n  }\n  fragment CleanupLease on Lease { id slot fencingToken releasedAt releaseReason cleanupStatus cleanupAttempts cleanupError }\n"): (typeof documents)["\n  query EnvironmentsPage($companyId: ID!, $withRuns: Boolean!) {\n    environments(companyId: $companyId, first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          providerKey\n          capacity\n          active: leases(status: ACTIVE, first: 100) {\n            edges { node { id slot fencingToken expiresAt run @include(if: $withRuns) { id status agent { name } issue { title } } } }\n          }\n          pending: leases(cleanupStatus: PENDING, first: 20) { pageInfo { hasNextPage } edges { node { ...CleanupLease } } }\n          failed: leases(cleanupStatus: FAILED, first: 20) { pageInfo { hasNextPage } edges { node { ...CleanupLease } } }\n        }\n      }\n    }\n  }\n  fragment CleanupLease on Lease { id slot fencingToken releasedAt releaseReason cleanupStatus cleanupAttempts cleanupError }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardRetryLeaseCleanup($input: RetryLeaseCleanupInput!) { retryLeaseCleanup(input: $input) { id cleanupStatus cleanupAttempts } }\n"): (typeof documents)["\n  mutation DashboardRetryLeaseCleanup($input: RetryLeaseCleanupInput!) { retryLeaseCleanup(input: $input) { id cleanupStatus cleanupAttempts } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProvidersPage {\n    sandboxProviders { key source state error registeredAt health consecutiveFailures openUntil }\n  }\n"): (typeof documents)["\n  query ProvidersPage {\n    sandboxProviders { key source state error registeredAt health consecutiveFailures openUntil }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunPage($id: ID!) {\n    run(id: $id) {\n      ...RunRow\n      runnerId\n      pid\n      startedAt\n      finishedAt\n      exitCode\n      error\n      cancelReason\n      notRetriedReason\n      priority\n      wakeCount\n      wakeReasons\n      timeoutSeconds\n      claimedByReplica\n      logsTruncated\n      workspace { id configVersion }\n      usage { inputTokens outputTokens costCents other }\n      retryOf { id attempt status retryOf { id attempt status retryOf { id attempt status retryOf { id } } } }\n      retriedBy { id attempt status retriedBy { id attempt status retriedBy { id attempt status retriedBy { id } } } }\n      events(first: 100) { edges { node { id kind status fromStatus reason pid at } } }\n      runtimeState(first: 100) { edges { node { key value version updatedAt } } }\n      leases(first: 20) {\n        edges { node { id slot fencingToken status releaseReason acquiredAt expiresAt releasedAt cleanupStatus cleanupAttempts cleanupError environment { name } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunPage($id: ID!) {\n    run(id: $id) {\n      ...RunRow\n      runnerId\n      pid\n      startedAt\n      finishedAt\n      exitCode\n      error\n      cancelReason\n      notRetriedReason\n      priority\n      wakeCount\n      wakeReasons\n      timeoutSeconds\n      claimedByReplica\n      logsTruncated\n      workspace { id configVersion }\n      usage { inputTokens outputTokens costCents other }\n      retryOf { id attempt status retryOf { id attempt status retryOf { id attempt status retryOf { id } } } }\n      retriedBy { id attempt status retriedBy { id attempt status retriedBy { id attempt status retriedBy { id } } } }\n      events(first: 100) { edges { node { id kind status fromStatus reason pid at } } }\n      runtimeState(first: 100) { edges { node { key value version updatedAt } } }\n      leases(first: 20) {\n        edges { node { id slot fencingToken status releaseReason acquiredAt expiresAt releasedAt cleanupStatus cleanupAttempts cleanupError environment { name } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunLogTail($id: ID!, $last: Int!) {\n    run(id: $id) { logs(last: $last) { pageInfo { hasPreviousPage } edges { node { seq stream text createdAt } } } }\n  }\n"): (typeof documents)["\n  query RunLogTail($id: ID!, $last: Int!) {\n    run(id: $id) { logs(last: $last) { pageInfo { hasPreviousPage } edges { node { seq stream text createdAt } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RunLogLines($runId: ID!) { runLogs(runId: $runId) { seq stream text createdAt } }\n"): (typeof documents)["\n  subscription RunLogLines($runId: ID!) { runLogs(runId: $runId) { seq stream text createdAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }\n"): (typeof documents)["\n  mutation DashboardCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashboardRerunRun($input: RerunRunInput!) { rerunRun(input: $input) { coalesced run { id } } }\n"): (typeof documents)["\n  mutation DashboardRerunRun($input: RerunRunInput!) { rerunRun(input: $input) { coalesced run { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunsPage($companyId: ID!, $status: RunStatus, $agentId: ID, $first: Int!, $after: String) {\n    runs(companyId: $companyId, status: $status, agentId: $agentId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...RunRow } }\n    }\n  }\n"): (typeof documents)["\n  query RunsPage($companyId: ID!, $status: RunStatus, $agentId: ID, $first: Int!, $after: String) {\n    runs(companyId: $companyId, status: $status, agentId: $agentId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...RunRow } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunFilters($companyId: ID!) {\n    node(id: $companyId) { __typename ... on Company { agents(first: 100) { edges { node { id name } } } } }\n  }\n"): (typeof documents)["\n  query RunFilters($companyId: ID!) {\n    node(id: $companyId) { __typename ... on Company { agents(first: 100) { edges { node { id name } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QueueReasons($companyId: ID!, $agentId: ID) {\n    queuedRuns(companyId: $companyId, agentId: $agentId, first: 100) { edges { node { blockedBy run { id } } } }\n    sandboxProviders { key openUntil }\n  }\n"): (typeof documents)["\n  query QueueReasons($companyId: ID!, $agentId: ID) {\n    queuedRuns(companyId: $companyId, agentId: $agentId, first: 100) { edges { node { blockedBy run { id } } } }\n    sandboxProviders { key openUntil }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SignInViewer {\n    viewer {\n      kind\n      agent { id name }\n      companies(first: 100) { totalCount edges { node { id name } } }\n    }\n  }\n"): (typeof documents)["\n  query SignInViewer {\n    viewer {\n      kind\n      agent { id name }\n      companies(first: 100) { totalCount edges { node { id name } } }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;