// Agents: RUNNING runs against maxConcurrentRuns, cost this month against the budget, schedules.
// Read again when a run of the company changes status (debounced) or reports usage (throttled). RUNNING runs
// are counted from one list of the company's (a count per agent would cost a count each: README
// "Query limits"); RUNNING runs are few, bounded by the agents' maxConcurrentRuns.
import { useQuery } from "urql";
import type { Session } from "../App";
import { Ago, cents, describeError } from "../format";
import { graphql } from "../gql";
import { useCompanyEvents, useDebounced, useOnReconnect, useThrottled } from "../live";

const AgentsPageQuery = graphql(`
  query AgentsPage($companyId: ID!) {
    running: runs(companyId: $companyId, status: RUNNING, first: 100) { totalCount edges { node { id agent { id } } } }
    node(id: $companyId) {
      __typename
      ... on Company {
        agents(first: 100) {
          totalCount
          edges {
            node {
              id
              name
              maxConcurrentRuns
              monthlyBudgetCents
              heartbeatTimeoutSeconds
              usage { costCents }
              schedules(first: 20) {
                pageInfo { hasNextPage }
                edges { node { id intervalSeconds cron nextWakeAt lastWakeAt issue { title } environment { name } } }
              }
            }
          }
        }
      }
    }
  }
`);

export function AgentsPage({ session }: { session: Session }) {
  const [{ data, error }, reread] = useQuery({ query: AgentsPageQuery, variables: { companyId: session.companyId }, requestPolicy: "cache-and-network" });
  const refresh = useDebounced(() => reread({ requestPolicy: "network-only" }), 500);
  // Heartbeats carry usage (the month's cost): read again at most every few seconds for them.
  const refreshSlowly = useThrottled(() => reread({ requestPolicy: "network-only" }), 5000);
  useOnReconnect(refresh);
  useCompanyEvents((event) => {
    if (event.__typename !== "RunEvent") return;
    if (event.kind === "HEARTBEAT") refreshSlowly();
    else refresh();
  });
  const company = data?.node?.__typename === "Company" ? data.node : null;
  const agents = company?.agents.edges.map((e) => e.node) ?? [];
  const running = new Map<string, number>();
  for (const { node } of data?.running.edges ?? []) running.set(node.agent.id, (running.get(node.agent.id) ?? 0) + 1);
  const runningListed = data ? data.running.edges.length === data.running.totalCount : true;
  return (
    <section aria-labelledby="agents-title">
      <div className="title-row">
        <h1 id="agents-title">Agents</h1>
        <p className="count">{company ? `${company.agents.totalCount} agent${company.agents.totalCount === 1 ? "" : "s"}` : ""}</p>
      </div>
      {error && <p className="error" role="alert">{describeError(error)}</p>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Running / max</th>
              <th scope="col">Cost this month / budget</th>
              <th scope="col">Heartbeat timeout</th>
              <th scope="col">Schedules</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => {
              const budget = agent.monthlyBudgetCents;
              const spent = agent.usage.costCents;
              return (
                <tr key={agent.id}>
                  <th scope="row">{agent.name}</th>
                  <td>
                    <meter min={0} max={agent.maxConcurrentRuns} value={running.get(agent.id) ?? 0} aria-label={`${agent.name} running`} />{" "}
                    {running.get(agent.id) ?? 0}{runningListed ? "" : "+"} / {agent.maxConcurrentRuns}
                  </td>
                  <td>
                    {budget != null && <meter min={0} max={Math.max(budget, 1)} high={budget * 0.8} value={Math.min(spent, budget)} aria-label={`${agent.name} budget used`} />}{" "}
                    {cents(spent)} / {budget == null ? "no budget" : cents(budget)}
                  </td>
                  <td className="num">{agent.heartbeatTimeoutSeconds}s</td>
                  <td>
                    {agent.schedules.edges.length === 0 ? <span className="muted">none</span> : (
                      <ul className="plain">
                        {agent.schedules.edges.map(({ node: s }) => (
                          <li key={s.id}>
                            {s.cron ? <code>{s.cron}</code> : `every ${s.intervalSeconds}s`} on {s.issue.title} ({s.environment.name}) · next <Ago at={s.nextWakeAt} />
                          </li>
                        ))}
                        {agent.schedules.pageInfo.hasNextPage && <li className="muted">…</li>}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {company && agents.length === 0 && <p className="empty">No agents yet.</p>}
      {company && company.agents.totalCount > agents.length && <p className="muted">Showing the first {agents.length} of {company.agents.totalCount}.</p>}
    </section>
  );
}
