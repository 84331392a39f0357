// Runs: the company's runs, newest first, a page of the Relay connection at a time, filtered by
// status and agent. Rows live in a keyed store: an event updates its run's row and nothing else;
// a run that starts matching the filter (a new run queued) is inserted on the first page.
import { memo, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useClient, useQuery } from "urql";
import type { Session } from "../App";
import { Ago, cents, describeError, Status, useFuture } from "../format";
import { graphql } from "../gql";
import type { QueueBlock, RunRowFragment, RunStatus } from "../gql/graphql";
import { useCompanyEvents, useDebounced, useOnReconnect } from "../live";
import { runHref } from "../route";
import { KeyedStore, useRow } from "../store";

const PAGE_SIZE = 50;
const STATUSES: RunStatus[] = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "LOST"];

const RunsPageQuery = graphql(`
  query RunsPage($companyId: ID!, $status: RunStatus, $agentId: ID, $first: Int!, $after: String) {
    runs(companyId: $companyId, status: $status, agentId: $agentId, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...RunRow } }
    }
  }
`);

const RunFilters = graphql(`
  query RunFilters($companyId: ID!) {
    node(id: $companyId) { __typename ... on Company { agents(first: 100) { edges { node { id name } } } } }
  }
`);

const QueueReasons = graphql(`
  query QueueReasons($companyId: ID!, $agentId: ID) {
    queuedRuns(companyId: $companyId, agentId: $agentId, first: 100) { edges { node { blockedBy run { id } } } }
    sandboxProviders { key openUntil }
  }
`);

const BLOCK_TEXT: Record<QueueBlock, string> = {
  AGENT_AT_CAPACITY: "agent at maxConcurrentRuns",
  WORKSPACE_BUSY: "workspace busy",
  NOT_BEFORE: "backing off (notBefore)",
  ENVIRONMENT_FULL: "environment full",
};

interface Why {
  blocked: Map<string, QueueBlock[]>;
  /** Provider key → openUntil, for providers whose breaker is open. */
  breakers: Map<string, string>;
}

export function RunsPage({ session }: { session: Session }) {
  const { companyId } = session;
  const [status, setStatus] = useState<RunStatus | "">("");
  const [agentId, setAgentId] = useState(session.viewer.agent?.id ?? "");
  // Cursors of the pages before this one: "Previous" pops, "Next" pushes.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors.at(-1) ?? null;
  const variables = useMemo(
    () => ({ companyId, first: PAGE_SIZE, after, status: status || null, agentId: agentId || null }),
    [companyId, after, status, agentId],
  );
  const [{ data, fetching, error }, reread] = useQuery({ query: RunsPageQuery, variables, requestPolicy: "cache-and-network" });
  const [filters] = useQuery({ query: RunFilters, variables: { companyId } });
  const agents = filters.data?.node?.__typename === "Company" ? filters.data.node.agents.edges.map((e) => e.node) : [];

  const store = useRef(new KeyedStore<RunRowFragment>()).current;
  const [ids, setIds] = useState<string[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  useEffect(() => {
    if (!data) return;
    for (const edge of data.runs.edges) store.set(edge.node.id, edge.node);
    setIds(data.runs.edges.map((edge) => edge.node.id));
    setTotal(data.runs.totalCount);
  }, [data, store]);

  const client = useClient();
  const [why, setWhy] = useState<Why>({ blocked: new Map(), breakers: new Map() });
  const readWhy = useDebounced(() => {
    void client
      .query(QueueReasons, { companyId, agentId: agentId || null }, { requestPolicy: "network-only" })
      .toPromise()
      .then(({ data: reasons }) => {
        if (!reasons) return;
        const now = Date.now();
        setWhy({
          blocked: new Map(reasons.queuedRuns.edges.map((e) => [e.node.run.id, e.node.blockedBy])),
          breakers: new Map(reasons.sandboxProviders.filter((p) => p.openUntil && new Date(p.openUntil).getTime() > now).map((p) => [p.key, p.openUntil!])),
        });
      });
  }, 300);
  useEffect(readWhy, [readWhy, companyId, agentId]);
  useOnReconnect(() => {
    reread({ requestPolicy: "network-only" });
    readWhy();
  });

  const matches = (run: RunRowFragment) => (!status || run.status === status) && (!agentId || run.agent.id === agentId);
  useCompanyEvents((event) => {
    if (event.__typename === "SandboxProvider") {
      setWhy((current) => {
        const breakers = new Map(current.breakers);
        if (event.openUntil && new Date(event.openUntil).getTime() > Date.now()) breakers.set(event.key, event.openUntil);
        else breakers.delete(event.key);
        return { ...current, breakers };
      });
      return;
    }
    if (event.__typename === "LeaseEvent") {
      if (event.leaseKind !== "RENEWED") readWhy();
      return;
    }
    if (event.__typename !== "RunEvent") return;
    const run = event.run;
    if (event.kind !== "HEARTBEAT") readWhy();
    if (store.has(run.id)) {
      store.set(run.id, run);
      if (!matches(run)) {
        setIds((list) => list.filter((id) => id !== run.id));
        setTotal((n) => (n === null ? n : n - 1));
      }
      return;
    }
    // A run new to this filter: on the first page it takes its place by creation time.
    if (event.kind === "HEARTBEAT" || !matches(run) || after !== null) return;
    store.set(run.id, run);
    setIds((list) => {
      if (list.includes(run.id)) return list;
      const at = list.findIndex((id) => (store.get(id)?.createdAt ?? "") < run.createdAt);
      if (at === -1 && data?.runs.pageInfo.hasNextPage) return list;
      return at === -1 ? [...list, run.id] : [...list.slice(0, at), run.id, ...list.slice(at)];
    });
    setTotal((n) => (n === null ? n : n + 1));
  });

  const resetPaging = () => setCursors([null]);
  const page = cursors.length;
  return (
    <section aria-labelledby="runs-title">
      <div className="title-row">
        <h1 id="runs-title">Runs</h1>
        <p className="count" aria-live="polite">{total === null ? "" : `${total} run${total === 1 ? "" : "s"}`}</p>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status{" "}
          <select name="status" value={status} onChange={(e) => { setStatus(e.target.value as RunStatus | ""); resetPaging(); }}>
            <option value="">any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>
          Agent{" "}
          <select name="agent" value={agentId} onChange={(e) => { setAgentId(e.target.value); resetPaging(); }}>
            <option value="">any</option>
            {agents.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </label>
      </form>
      {error && <p className="error" role="alert">{describeError(error)}</p>}
      <div className="table-wrap">
        <table className="runs">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Agent</th>
              <th scope="col">Issue</th>
              <th scope="col">Environment</th>
              <th scope="col">Attempt</th>
              <th scope="col">Age</th>
              <th scope="col">Last heartbeat</th>
              <th scope="col">Cost</th>
              <th scope="col">Waiting on</th>
            </tr>
          </thead>
          <tbody>
            {ids.map((id) => <RunRowView key={id} id={id} store={store} why={why} />)}
          </tbody>
        </table>
      </div>
      {ids.length === 0 && !fetching && <p className="empty">No runs{status || agentId ? " match these filters" : " yet"}.</p>}
      <nav className="pager" aria-label="Pages of runs">
        <button type="button" disabled={page === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>← Newer</button>
        <span>Page {page}</span>
        <button type="button" disabled={!data?.runs.pageInfo.hasNextPage} onClick={() => setCursors((c) => [...c, data?.runs.pageInfo.endCursor ?? null])}>Older →</button>
      </nav>
    </section>
  );
}

const RunRowView = memo(function RunRowView({ id, store, why }: { id: string; store: KeyedStore<RunRowFragment>; why: Why }) {
  const run = useRow(store, id);
  if (!run) return null;
  return (
    <tr data-run-id={run.id}>
      <td><a href={runHref(run.id)}><Status status={run.status} /></a></td>
      <td>{run.agent.name}</td>
      <td><a href={runHref(run.id)}>{run.issue.title}</a></td>
      <td>{run.environment.name}</td>
      <td className="num">{run.attempt}</td>
      <td><Ago at={run.createdAt} /></td>
      <td><Ago at={run.lastHeartbeatAt} /></td>
      <td className="num">{cents(run.usage.costCents)}</td>
      <td>{run.status === "QUEUED" ? <QueuedWhy run={run} why={why} /> : null}</td>
    </tr>
  );
});

function QueuedWhy({ run, why }: { run: RunRowFragment; why: Why }) {
  const waitingForNotBefore = useFuture(run.notBefore);
  const reasons: ReactNode[] = [];
  const breaker = why.breakers.get(run.environment.providerKey);
  if (breaker) reasons.push(<span key="breaker">provider {run.environment.providerKey} breaker open (<Ago at={breaker} />)</span>);
  for (const block of why.blocked.get(run.id) ?? []) {
    if (block === "NOT_BEFORE") continue;
    reasons.push(<span key={block}>{BLOCK_TEXT[block]}</span>);
  }
  if (waitingForNotBefore) reasons.push(<span key="notBefore">not before <Ago at={run.notBefore} /></span>);
  if (reasons.length === 0) return <span className="muted">{why.blocked.has(run.id) ? "admitted: next runner takes it" : "—"}</span>;
  return <span className="why">{reasons.flatMap((r, i) => (i ? [", ", r] : [r]))}</span>;
}
