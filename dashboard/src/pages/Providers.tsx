// Providers: each sandbox provider's registration state, health and circuit breaker, live: a
// breaker's change arrives as a SandboxProvider event on the company's subscription and replaces
// that provider's row.
import { useState } from "react";
import { useQuery } from "urql";
import { Ago, describeError } from "../format";
import { graphql } from "../gql";
import { useCompanyEvents, useOnReconnect, type ProviderEventOf } from "../live";

const ProvidersPageQuery = graphql(`
  query ProvidersPage {
    sandboxProviders { key source state error registeredAt health consecutiveFailures openUntil }
  }
`);

export function ProvidersPage() {
  const [{ data, error }, reread] = useQuery({ query: ProvidersPageQuery, requestPolicy: "cache-and-network" });
  const [changed, setChanged] = useState<ReadonlyMap<string, ProviderEventOf>>(new Map());
  useCompanyEvents((event) => {
    if (event.__typename === "SandboxProvider") setChanged((map) => new Map(map).set(event.key, event));
  });
  useOnReconnect(() => {
    setChanged(new Map());
    reread({ requestPolicy: "network-only" });
  });
  const providers = data?.sandboxProviders.map((p) => changed.get(p.key) ?? p);
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
            {providers?.map((p) => (
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
