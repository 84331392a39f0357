// Environments: a slot grid per environment (which run holds each slot, until when), and the
// cleanups still owed (PENDING, or FAILED after the last attempt) with a retry button. A renewal
// (RENEWED lease event) moves one slot's expiry in place; grants, releases and cleanup changes read
// the page again.
import { useEffect, useRef } from "react";
import { useMutation, useQuery } from "urql";
import type { Session } from "../App";
import { Ago, describeError } from "../format";
import { graphql } from "../gql";
import type { EnvironmentsPageQuery } from "../gql/graphql";
import { useCompanyEvents, useDebounced, useOnReconnect, useThrottled } from "../live";
import { runHref } from "../route";
import { KeyedStore, useRow } from "../store";

const EnvironmentsPageQueryDoc = graphql(`
  query EnvironmentsPage($companyId: ID!, $withRuns: Boolean!) {
    environments(companyId: $companyId, first: 20) {
      totalCount
      edges {
        node {
          id
          name
          providerKey
          capacity
          active: leases(status: ACTIVE, first: 100) {
            edges { node { id slot fencingToken expiresAt run @include(if: $withRuns) { id status agent { name } issue { title } } } }
          }
          pending: leases(cleanupStatus: PENDING, first: 20) { pageInfo { hasNextPage } edges { node { ...CleanupLease } } }
          failed: leases(cleanupStatus: FAILED, first: 20) { pageInfo { hasNextPage } edges { node { ...CleanupLease } } }
        }
      }
    }
  }
  fragment CleanupLease on Lease { id slot fencingToken releasedAt releaseReason cleanupStatus cleanupAttempts cleanupError }
`);

const RetryLeaseCleanup = graphql(`
  mutation DashboardRetryLeaseCleanup($input: RetryLeaseCleanupInput!) { retryLeaseCleanup(input: $input) { id cleanupStatus cleanupAttempts } }
`);

type Environment = EnvironmentsPageQuery["environments"]["edges"][number]["node"];
type SlotLease = Environment["active"]["edges"][number]["node"];

export function EnvironmentsPage({ session }: { session: Session }) {
  const [{ data, error }, reread] = useQuery({
    query: EnvironmentsPageQueryDoc,
    variables: { companyId: session.companyId, withRuns: session.canOperate },
    requestPolicy: "cache-and-network",
  });
  const refresh = useDebounced(() => reread({ requestPolicy: "network-only" }), 200);
  // Slots by "environmentId:slot", so a renewal re-renders one cell.
  const slots = useRef(new KeyedStore<SlotLease | null>()).current;
  const leaseSlots = useRef(new Map<string, string>()).current;
  const environments = data?.environments.edges.map((e) => e.node) ?? [];
  useEffect(() => {
    leaseSlots.clear();
    for (const env of environments) {
      const held = new Map(env.active.edges.map((e) => [e.node.slot, e.node]));
      for (let slot = 0; slot < env.capacity; slot++) {
        const lease = held.get(slot) ?? null;
        slots.set(`${env.id}:${slot}`, lease);
        if (lease) leaseSlots.set(lease.id, `${env.id}:${slot}`);
      }
    }
  }, [data]);
  // Heartbeats renew their runs' leases; until they announce it as RENEWED lease events, a
  // heartbeat reads the grid again, at most every few seconds.
  const refreshSlowly = useThrottled(() => reread({ requestPolicy: "network-only" }), 3000);
  useOnReconnect(refresh);
  useCompanyEvents((event) => {
    if (event.__typename === "RunEvent" && event.kind === "HEARTBEAT") refreshSlowly();
    if (event.__typename !== "LeaseEvent") return;
    const key = leaseSlots.get(event.lease.id);
    if (event.leaseKind === "RENEWED" && key) slots.update(key, (lease) => (lease ? { ...lease, expiresAt: event.expiresAt } : lease));
    else if (event.leaseKind !== "RENEWED") refresh();
  });

  return (
    <section aria-labelledby="environments-title">
      <div className="title-row">
        <h1 id="environments-title">Environments</h1>
        <p className="count">{data ? `${data.environments.totalCount} environment${data.environments.totalCount === 1 ? "" : "s"}` : ""}</p>
      </div>
      {error && <p className="error" role="alert">{describeError(error)}</p>}
      {data && environments.length === 0 && <p className="empty">No environments yet.</p>}
      {data && data.environments.totalCount > environments.length && <p className="muted">Showing the first {environments.length} of {data.environments.totalCount}.</p>}
      {environments.map((env) => {
        const held = env.active.edges.length;
        return (
          <section key={env.id} className="environment" aria-labelledby={`env-${env.id}`}>
            <h2 id={`env-${env.id}`}>
              {env.name} <span className="muted">{env.providerKey} · {held} of {env.capacity} slots held</span>
            </h2>
            <ul className="slots" aria-label={`${env.name} slots`}>
              {Array.from({ length: env.capacity }, (_, slot) => <SlotCell key={slot} storeKey={`${env.id}:${slot}`} slot={slot} slots={slots} />)}
            </ul>
            <Cleanups env={env} canOperate={session.canOperate} />
          </section>
        );
      })}
    </section>
  );
}

function SlotCell({ storeKey, slot, slots }: { storeKey: string; slot: number; slots: KeyedStore<SlotLease | null> }) {
  const lease = useRow(slots, storeKey);
  if (!lease) {
    return <li className="slot free"><span className="slot-no">slot {slot}</span> free</li>;
  }
  return (
    <li className="slot held" data-slot={slot}>
      <span className="slot-no">slot {slot}</span>
      {lease.run ? (
        <a href={runHref(lease.run.id)}>{lease.run.agent.name} · {lease.run.issue.title}</a>
      ) : (
        <span>held</span>
      )}
      <span className="muted">token {lease.fencingToken} · expires <Ago at={lease.expiresAt} /></span>
    </li>
  );
}

/** A nested list's size: a count per environment would cost the request a count each (README "Query limits"). */
function countOf(list: { edges: unknown[]; pageInfo: { hasNextPage: boolean } }): string {
  return `${list.edges.length}${list.pageInfo.hasNextPage ? "+" : ""}`;
}

function Cleanups({ env, canOperate }: { env: Environment; canOperate: boolean }) {
  const [retryState, retry] = useMutation(RetryLeaseCleanup);
  const owed = [...env.pending.edges, ...env.failed.edges].map((e) => e.node);
  if (owed.length === 0) return null;
  return (
    <div className="cleanups">
      <h3>Cleanups owed ({countOf(env.pending)} pending, {countOf(env.failed)} failed)</h3>
      <table>
        <thead><tr><th scope="col">Slot</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last error</th><th scope="col">Released</th><th scope="col"><span className="sr-only">Action</span></th></tr></thead>
        <tbody>
          {owed.map((lease) => (
            <tr key={lease.id}>
              <td>{lease.slot}</td>
              <td>{lease.cleanupStatus}</td>
              <td className="num">{lease.cleanupAttempts}</td>
              <td>{lease.cleanupError ?? "—"}</td>
              <td><Ago at={lease.releasedAt} /></td>
              <td>
                {canOperate && (
                  <button type="button" disabled={retryState.fetching} onClick={() => void retry({ input: { leaseId: lease.id } })}>Retry cleanup</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {retryState.error && <p className="error" role="alert">{describeError(retryState.error)}</p>}
    </div>
  );
}
