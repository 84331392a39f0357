// GraphQL over HTTP: the runner's typed calls to the server (POST URL/graphql, Bearer agent token).
import { setTimeout as sleep } from 'node:timers/promises';
import type { FinishRunInput, RunLogChunkInput, TypedDocumentString } from './gql/graphql.js';
import { AppendRunLogs, ClaimNextRun, ClaimRun, FinishRun, Heartbeat, RunWorkspace, SetRuntimeState } from './operations.js';
import { formatError, GraphQLRequestError, log } from './log.js';

/** Without a timeout, a hung server would stall the heartbeat loop forever. */
const REQUEST_TIMEOUT_MS = 10_000;
const FINISH_ATTEMPTS = 4;
const FINISH_RETRY_BASE_DELAY_MS = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export type Claim = Awaited<ReturnType<RunyardClient['claimRun']>>;
export type Workspace = Claim['workspace'];
export type FinishInput = Omit<FinishRunInput, 'runId'>;

/** POSTs one operation. Returns `data`, or throws a GraphQLRequestError that carries a `code`. */
async function request<TResult, TVariables>(
  url: string,
  token: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<TResult> {
  const endpoint = `${url}/graphql`;
  let status: number;
  let text: string;
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: document.toString(), variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    text = await res.text();
  } catch (err) {
    throw new GraphQLRequestError('NETWORK_ERROR', `cannot reach ${endpoint}: ${formatError(err)}`, true);
  }

  const body = parseJson(text);
  const errors = isRecord(body) && Array.isArray(body.errors) ? body.errors : [];
  const [first] = errors;
  if (first !== undefined) {
    const extensions = isRecord(first) ? first.extensions : undefined;
    const code = isRecord(extensions) && typeof extensions.code === 'string' ? extensions.code : 'GRAPHQL_ERROR';
    const messages = errors.map((e) => (isRecord(e) && typeof e.message === 'string' ? e.message : JSON.stringify(e)));
    throw new GraphQLRequestError(code, messages.join('; '), false);
  }
  if (status < 200 || status >= 300) {
    throw new GraphQLRequestError(`HTTP_${status}`, `HTTP ${status} from ${endpoint}`, status >= 500);
  }
  if (!isRecord(body) || !isRecord(body.data)) {
    throw new GraphQLRequestError('BAD_RESPONSE', `no data in the response from ${endpoint}`, false);
  }
  // The typed document says what `data` holds; the server validated the operation against its schema.
  return body.data as TResult;
}

/**
 * The token's agent's next admitted run, claimed for this runner, or null when none came within
 * waitSeconds. The request outlives the server's wait: cutting it short could lose the answer to
 * a claim the server has made, and leave that run RUNNING with nobody to run it.
 */
export async function claimNextRun(url: string, token: string, input: { runnerId: string; pid: number; waitSeconds: number }): Promise<Claim | null> {
  return (await request(url, token, ClaimNextRun, { input }, input.waitSeconds * 1000 + REQUEST_TIMEOUT_MS)).claimNextRun ?? null;
}

/** The calls one runner makes for one run. */
export class RunyardClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
    readonly runId: string,
  ) {}

  private request<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables: TVariables): Promise<TResult> {
    return request(this.url, this.token, document, variables);
  }

  async claimRun(runnerId: string, pid: number) {
    return (await this.request(ClaimRun, { input: { runId: this.runId, runnerId, pid } })).claimRun;
  }

  async heartbeat(pid: number, usage: Record<string, number> | null) {
    return (await this.request(Heartbeat, { input: { runId: this.runId, pid, usage } })).heartbeat;
  }

  async fetchWorkspace() {
    const { run } = await this.request(RunWorkspace, { id: this.runId });
    if (run === null || run === undefined) throw new Error(`run ${this.runId} not found`);
    return run.workspace;
  }

  /** Sends one runtime state entry. It never rejects, so one failure cannot stall the queue behind it. */
  async setRuntimeState(key: string, value: unknown): Promise<void> {
    try {
      await this.request(SetRuntimeState, { input: { runId: this.runId, key, value } });
    } catch (err) {
      log(`could not set runtime state ${key}: ${formatError(err)}`);
    }
  }

  /** One batch of log chunks, not retried: the log shipper retries (a resend is stored once). */
  async appendRunLogs(chunks: RunLogChunkInput[]) {
    return (await this.request(AppendRunLogs, { input: { runId: this.runId, chunks } })).appendRunLogs;
  }

  /** Retries network failures only. A GraphQL error is the server's answer, and asking again won't change it. */
  async finishRun(input: FinishInput) {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.request(FinishRun, { input: { runId: this.runId, ...input } })).finishRun;
      } catch (err) {
        if (!(err instanceof GraphQLRequestError) || !err.transient || attempt >= FINISH_ATTEMPTS) throw err;
        const delay = FINISH_RETRY_BASE_DELAY_MS * 2 ** (attempt - 1);
        log(`finishRun failed (${formatError(err)}); retrying in ${delay} ms`);
        await sleep(delay);
      }
    }
  }
}
