// One run: its status timeline, runtime state, log tail (live), leases, usage, attempts, and the
// cancel / run-again buttons. The run is read again when one of its events arrives; the log comes
// from runLogs on the page's one socket.
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useClient, useMutation, useQuery } from "urql";
import type { Session } from "../App";
import { Ago, absoluteTime, cents, describeError, json, Status } from "../format";
import { graphql } from "../gql";
import type { RunPageQuery as RunPageData } from "../gql/graphql";
import { useCompanyEvents, useDebounced, useOnReconnect, useThrottled } from "../live";
import { runHref } from "../route";

const TAIL_LINES = 200;
const KEPT_LINES = 5_000;

const RunPageQuery = graphql(`
  query RunPage($id: ID!) {
    run(id: $id) {
      ...RunRow
      runnerId
      pid
      startedAt
      finishedAt
      exitCode
      error
      cancelReason
      notRetriedReason
      priority
      wakeCount
      wakeReasons
      timeoutSeconds
      claimedByReplica
      logsTruncated
      workspace { id configVersion }
      usage { inputTokens outputTokens costCents other }
      retryOf { id attempt status retryOf { id attempt status retryOf { id attempt status retryOf { id } } } }
      retriedBy { id attempt status retriedBy { id attempt status retriedBy { id attempt status retriedBy { id } } } }
      events(kinds: [STATUS_CHANGED, WAKE_MERGED], last: 50) { pageInfo { hasPreviousPage } edges { node { id kind status fromStatus reason pid at } } }
      runtimeState(first: 100) { edges { node { key value version updatedAt } } }
      leases(first: 20) {
        edges { node { id slot fencingToken status releaseReason acquiredAt expiresAt releasedAt cleanupStatus cleanupAttempts cleanupError environment { name } } }
      }
    }
  }
`);

const RunLogTail = graphql(`
  query RunLogTail($id: ID!, $last: Int!) {
    run(id: $id) { logs(last: $last) { pageInfo { hasPreviousPage } edges { node { seq stream text createdAt } } } }
  }
`);

const RunLogLines = graphql(`
  subscription RunLogLines($runId: ID!) { runLogs(runId: $runId) { seq stream text createdAt } }
`);

const CancelRun = graphql(`
  mutation DashboardCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status } }
`);

const RerunRun = graphql(`
  mutation DashboardRerunRun($input: RerunRunInput!) { rerunRun(input: $input) { coalesced run { id } } }
`);

type RunData = NonNullable<RunPageData["run"]>;

export function RunPage({ runId, session }: { runId: string; session: Session }) {
  const [{ data, error, fetching }, reread] = useQuery({ query: RunPageQuery, variables: { id: runId }, requestPolicy: "cache-and-network" });
  const run = data?.run;
  const refresh = useDebounced(() => reread({ requestPolicy: "network-only" }), 250);
  // A heartbeat moves the last-heartbeat time, usage and lease expiry: read again, at most every few seconds.
  const refreshSlowly = useThrottled(() => reread({ requestPolicy: "network-only" }), 2000);
  const leaseIds = new Set(run?.leases.edges.map((e) => e.node.id) ?? []);
  // Runtime-state writes arrive whole (RuntimeStateChange): shown over what the run was read with.
  const [liveState, setLiveState] = useState<ReadonlyMap<string, StateEntry>>(new Map());
  useEffect(() => setLiveState(new Map()), [data]);
  useOnReconnect(refresh);
  useCompanyEvents((event) => {
    if (event.__typename === "RuntimeStateChange" && event.run.id === runId) {
      const { key, value, version, updatedAt } = event;
      setLiveState((map) => ((map.get(key)?.version ?? 0) >= version ? map : new Map(map).set(key, { key, value, version, updatedAt })));
    } else if (event.__typename === "RunEvent" && event.run.id === runId && event.kind !== "HEARTBEAT") refresh();
    else if (event.__typename === "RunEvent" && event.run.id === runId) refreshSlowly();
    else if (event.__typename === "LeaseEvent" && (leaseIds.has(event.lease.id) || (event.leaseKind === "GRANTED" && event.lease.environment.id === run?.environment.id))) refresh();
  });

  if (error) return <p className="error" role="alert">{describeError(error)}</p>;
  if (!run) return fetching ? <p>Loading…</p> : <p className="empty">No run {runId} (or this token may not read it). <a href="#/runs">All runs</a></p>;
  return (
    <article aria-labelledby="run-title" className="run">
      <p className="crumbs"><a href="#/runs">Runs</a> /</p>
      <div className="title-row">
        <h1 id="run-title">{run.issue.title} <Status status={run.status} /></h1>
        <RunActions run={run} session={session} />
      </div>
      <dl className="facts">
        <div><dt>Agent</dt><dd>{run.agent.name}</dd></div>
        <div><dt>Environment</dt><dd>{run.environment.name} ({run.environment.providerKey})</dd></div>
        <div><dt>Attempt</dt><dd>{run.attempt}</dd></div>
        <div><dt>Created</dt><dd><Ago at={run.createdAt} /></dd></div>
        <div><dt>Started</dt><dd><Ago at={run.startedAt} /></dd></div>
        <div><dt>Finished</dt><dd><Ago at={run.finishedAt} /></dd></div>
        <div><dt>Last heartbeat</dt><dd><Ago at={run.lastHeartbeatAt} /></dd></div>
        <div><dt>Runner</dt><dd>{run.runnerId ? `${run.runnerId} (pid ${run.pid ?? "?"})` : "—"}</dd></div>
        <div><dt>Exit code</dt><dd>{run.exitCode ?? "—"}</dd></div>
        <div><dt>Priority · wakes</dt><dd>{run.priority} · {run.wakeCount} ({run.wakeReasons.join(", ")})</dd></div>
        {run.notBefore && <div><dt>Not before</dt><dd><Ago at={run.notBefore} /></dd></div>}
        {run.error && <div className="wide"><dt>Error</dt><dd className="error-text">{run.error}</dd></div>}
        {run.cancelReason && <div><dt>Cancel reason</dt><dd>{run.cancelReason}</dd></div>}
        {run.notRetriedReason && <div className="wide"><dt>Retries</dt><dd>{run.notRetriedReason}</dd></div>}
      </dl>
      <div className="grid">
        <Timeline run={run} />
        <RuntimeStateTable run={run} live={liveState} />
      </div>
      <LogTail runId={runId} truncated={run.logsTruncated} />
      <div className="grid">
        <Leases run={run} />
        <UsageTable run={run} />
      </div>
      <Attempts run={run} />
    </article>
  );
}

function RunActions({ run, session }: { run: RunData; session: Session }) {
  const [cancelState, cancel] = useMutation(CancelRun);
  const [rerunState, rerun] = useMutation(RerunRun);
  const active = run.status === "QUEUED" || run.status === "RUNNING";
  const failure = describeError(cancelState.error) ?? describeError(rerunState.error);
  return (
    <div className="actions">
      {session.canOperate && active && (
        <button type="button" className="danger" disabled={cancelState.fetching} onClick={() => void cancel({ input: { runId: run.id } })}>
          Cancel run
        </button>
      )}
      {!active && (
        <button
          type="button"
          disabled={rerunState.fetching}
          onClick={() =>
            void rerun({ input: { runId: run.id } }).then((result) => {
              const next = result.data?.rerunRun.run.id;
              if (next) location.hash = runHref(next);
            })
          }
        >
          Run again
        </button>
      )}
      {failure && <p className="error" role="alert">{failure}</p>}
    </div>
  );
}

function Timeline({ run }: { run: RunData }) {
  // The latest changes (the history's heartbeats left out by the query).
  const changes = run.events.edges.map((e) => e.node);
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol className="timeline">
        {run.events.pageInfo.hasPreviousPage && <li className="muted">… earlier changes</li>}
        {changes.map((e) => (
          <li key={e.id}>
            <time dateTime={e.at} title={absoluteTime(e.at)}>{new Date(e.at).toLocaleTimeString(undefined, { hour12: false })}</time>{" "}
            {e.kind === "WAKE_MERGED" ? "wake merged" : e.fromStatus ? <>{e.fromStatus} → <Status status={e.status} /></> : <Status status={e.status} />}
            {e.reason && <span className="muted"> ({e.reason})</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

interface StateEntry {
  key: string;
  value: unknown;
  version: number;
  updatedAt: string;
}

function RuntimeStateTable({ run, live }: { run: RunData; live: ReadonlyMap<string, StateEntry> }) {
  const byKey = new Map<string, StateEntry>(run.runtimeState.edges.map((e) => [e.node.key, e.node]));
  for (const entry of live.values()) if ((byKey.get(entry.key)?.version ?? 0) < entry.version) byKey.set(entry.key, entry);
  const entries = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return (
    <section aria-labelledby="state-title">
      <h2 id="state-title">Runtime state</h2>
      {entries.length === 0 ? (
        <p className="empty">None yet (the child prints <code>::state KEY=&lt;json&gt;</code>).</p>
      ) : (
        <table>
          <thead><tr><th scope="col">Key</th><th scope="col">Value</th><th scope="col">Version</th><th scope="col">Updated</th></tr></thead>
          <tbody>
            {entries.map((s) => (
              <tr key={s.key}><td><code>{s.key}</code></td><td><code>{json(s.value)}</code></td><td className="num">{s.version}</td><td><Ago at={s.updatedAt} /></td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface Line {
  seq: number;
  stream: string;
  text: string;
}

/** The log's last lines, then every new one as it is stored; follows the end unless scrolled up. */
function LogTail({ runId, truncated }: { runId: string; truncated: boolean }) {
  const client = useClient();
  const [lines, setLines] = useState<Line[]>([]);
  const [earlier, setEarlier] = useState(false);
  const [following, setFollowing] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const followingRef = useRef(true);

  const seen = useRef(new Set<number>());
  const add = useRef((incoming: Line[]) => {
    const fresh = incoming.filter((line) => !seen.current.has(line.seq));
    if (fresh.length === 0) return;
    for (const line of fresh) seen.current.add(line.seq);
    if (!followingRef.current) setUnseen((n) => n + fresh.length);
    setLines((list) => [...list, ...fresh].sort((a, b) => a.seq - b.seq).slice(-KEPT_LINES));
  }).current;
  const readTail = () =>
    void client
      .query(RunLogTail, { id: runId, last: TAIL_LINES }, { requestPolicy: "network-only" })
      .toPromise()
      .then(({ data }) => {
        if (!data?.run) return;
        setEarlier((before) => before || data.run!.logs.pageInfo.hasPreviousPage);
        add(data.run.logs.edges.map((e) => e.node));
      });
  useEffect(() => {
    // Live first, then the tail: a line stored in between comes by either, once.
    const live = client.subscription(RunLogLines, { runId }).subscribe((result) => {
      if (result.data) add([result.data.runLogs]);
    });
    readTail();
    return live.unsubscribe;
  }, [client, runId]);
  // Lines stored while the socket was away are not replayed: the tail has them.
  useOnReconnect(readTail);

  useLayoutEffect(() => {
    if (followingRef.current && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
    if (atEnd !== followingRef.current) {
      followingRef.current = atEnd;
      setFollowing(atEnd);
      if (atEnd) setUnseen(0);
    }
  };
  const follow = () => {
    followingRef.current = true;
    setFollowing(true);
    setUnseen(0);
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  };

  return (
    <section aria-labelledby="log-title" className="log">
      <div className="title-row">
        <h2 id="log-title">Log</h2>
        <p className="muted" aria-live="polite">
          {following ? "following" : `paused${unseen ? ` · ${unseen} new line${unseen === 1 ? "" : "s"}` : ""}`}{" "}
          {!following && <button type="button" onClick={follow}>Follow</button>}
        </p>
      </div>
      <div className="log-box" ref={box} onScroll={onScroll} tabIndex={0} role="log" aria-label="Run log">
        {earlier && <p className="muted">… earlier lines: Run.logs pages through them</p>}
        {lines.length === 0 && <p className="muted">No output yet.</p>}
        {lines.map((line) => (
          <div key={line.seq} className={`line ${line.stream === "STDERR" ? "stderr" : ""}`} data-seq={line.seq}>{line.text}</div>
        ))}
        {truncated && <p className="muted">The log reached RUNYARD_RUN_LOG_MAX_BYTES: later lines were dropped.</p>}
      </div>
    </section>
  );
}

function Leases({ run }: { run: RunData }) {
  const leases = run.leases.edges.map((e) => e.node);
  return (
    <section aria-labelledby="leases-title">
      <h2 id="leases-title">Leases</h2>
      {leases.length === 0 ? <p className="empty">None.</p> : (
        <table>
          <thead><tr><th scope="col">Environment · slot</th><th scope="col">Fencing token</th><th scope="col">Status</th><th scope="col">Expires / released</th><th scope="col">Cleanup</th></tr></thead>
          <tbody>
            {leases.map((l) => (
              <tr key={l.id}>
                <td>{l.environment.name} · {l.slot}</td>
                <td className="num">{l.fencingToken}</td>
                <td>{l.status}{l.releaseReason ? ` (${l.releaseReason})` : ""}</td>
                <td>{l.status === "ACTIVE" ? <Ago at={l.expiresAt} /> : <Ago at={l.releasedAt ?? l.expiresAt} />}</td>
                <td>{l.cleanupStatus ?? "—"}{l.cleanupAttempts ? ` · ${l.cleanupAttempts} attempt(s)` : ""}{l.cleanupError ? ` · ${l.cleanupError}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function UsageTable({ run }: { run: RunData }) {
  const { inputTokens, outputTokens, costCents, other } = run.usage;
  return (
    <section aria-labelledby="usage-title">
      <h2 id="usage-title">Usage</h2>
      <dl className="facts">
        <div><dt>Input tokens</dt><dd>{inputTokens.toLocaleString()}</dd></div>
        <div><dt>Output tokens</dt><dd>{outputTokens.toLocaleString()}</dd></div>
        <div><dt>Cost</dt><dd>{cents(costCents)}</dd></div>
        {Object.entries((other ?? {}) as Record<string, number>).map(([key, value]) => (
          <div key={key}><dt>{key}</dt><dd>{value.toLocaleString()}</dd></div>
        ))}
      </dl>
    </section>
  );
}

interface Attempt {
  id: string;
  attempt: number;
  status: string;
}

function Attempts({ run }: { run: RunData }) {
  const before: Attempt[] = [];
  let more = false;
  for (let r: (Attempt & { retryOf?: unknown }) | null | undefined = run.retryOf; r; r = r.retryOf as typeof r) {
    if (!("attempt" in r)) {
      more = true;
      break;
    }
    before.unshift({ id: r.id, attempt: r.attempt, status: r.status });
  }
  const after: Attempt[] = [];
  let later = false;
  for (let r: (Attempt & { retriedBy?: unknown }) | null | undefined = run.retriedBy; r; r = r.retriedBy as typeof r) {
    if (!("attempt" in r)) {
      later = true;
      break;
    }
    after.push({ id: r.id, attempt: r.attempt, status: r.status });
  }
  const chain = [...before, { id: run.id, attempt: run.attempt, status: run.status }, ...after];
  return (
    <section aria-labelledby="attempts-title">
      <h2 id="attempts-title">Attempts</h2>
      <ol className="attempts">
        {more && <li className="muted">…</li>}
        {chain.map((a) => (
          <li key={a.id} aria-current={a.id === run.id ? "true" : undefined}>
            {a.id === run.id ? <strong>#{a.attempt}</strong> : <a href={runHref(a.id)}>#{a.attempt}</a>} <Status status={a.status} />
          </li>
        ))}
        {later && <li className="muted">…</li>}
      </ol>
    </section>
  );
}
