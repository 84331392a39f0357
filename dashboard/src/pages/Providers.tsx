// Providers: each sandbox provider's registration state, health and circuit breaker. Read again when
// the company's runs change status or leases are granted or released (claims are what move a breaker).
import { useQuery } from "urql";
import { Ago, describeError } from "../format";
import { graphql } from "../gql";
import { useCompanyEvents, useDebounced } from "../live";

const ProvidersPageQuery = graphql(`
  query ProvidersPage {
    sandboxProviders { key source state error registeredAt health consecutiveFailures openUntil }
  }
`);

export function ProvidersPage() {
  const [{ data, error }, reread] = useQuery({ query: ProvidersPageQuery, requestPolicy: "cache-and-network" });
  const refresh = useDebounced(() => reread({ requestPolicy: "network-only" }), 500);
  useCompanyEvents((event) => {
    if ((event.__typename === "RunEvent" && event.kind !== "HEARTBEAT") || (event.__typename === "LeaseEvent" && event.leaseKind !== "RENEWED")) refresh();
  });
  return (
    <section aria-labelledby="providers-title">
      <h1 id="providers-title">Providers</h1>
      {error && <p className="error" role="alert">{describeError(error)}</p>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">State</th>
              <th scope="col">Health</th>
              <th scope="col">Breaker</th>
              <th scope="col">Failures in a row</th>
              <th scope="col">Registered</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {data?.sandboxProviders.map((p) => (
              <tr key={p.key}>
                <th scope="row">{p.key}</th>
                <td>{p.state}{p.error ? <span className="error-text"> · {p.error}</span> : null}</td>
                <td><span className={`health health-${p.health.toLowerCase()}`}>{p.health}</span></td>
                <td>{p.openUntil ? <>open until <Ago at={p.openUntil} /></> : "closed"}</td>
                <td className="num">{p.consecutiveFailures}</td>
                <td><Ago at={p.registeredAt} /></td>
                <td><code>{p.source}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
