// The company's events, from the one companyEvents subscription the app holds (on the one socket):
// pages listen here instead of opening subscriptions of their own.
import { useEffect, useRef } from "react";
import { createStore, useStore } from "./store";
import type { Client } from "urql";
import { graphql } from "./gql";
import type { DashboardCompanyEventsSubscription } from "./gql/graphql";

export const RunRowFields = graphql(`
  fragment RunRow on Run {
    id
    status
    attempt
    createdAt
    lastHeartbeatAt
    notBefore
    agent { id name }
    issue { id title }
    environment { id name providerKey }
    usage { costCents }
  }
`);

export const DashboardCompanyEvents = graphql(`
  subscription DashboardCompanyEvents($companyId: ID!) {
    companyEvents(companyId: $companyId) {
      __typename
      ... on RunEvent { kind status fromStatus at reason run { ...RunRow } }
      ... on LeaseEvent { leaseKind: kind at slot fencingToken expiresAt releaseReason lease { id status cleanupStatus environment { id } } }
      ... on Workspace { id configVersion }
      ... on RuntimeStateChange { key value version updatedAt run { id } }
      ... on SandboxProvider { key source state error registeredAt health consecutiveFailures openUntil }
    }
  }
`);

export type CompanyEvent = DashboardCompanyEventsSubscription["companyEvents"];
export type ProviderEventOf = Extract<CompanyEvent, { __typename: "SandboxProvider" }>;

type Listener = (event: CompanyEvent) => void;
const listeners = new Set<Listener>();

/** Holds the company's subscription for as long as the app shows that company. */
export function listenToCompany(client: Client, companyId: string): () => void {
  const { unsubscribe } = client.subscription(DashboardCompanyEvents, { companyId }).subscribe((result) => {
    const event = result.data?.companyEvents;
    if (event) for (const listener of [...listeners]) listener(event);
  });
  return unsubscribe;
}

/** Calls `handler` (its latest version) with every company event while the component is mounted. */
export function useCompanyEvents(handler: Listener): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const listener: Listener = (event) => latest.current(event);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}

/** A function that calls `action` once, `ms` after the last of a burst of calls. */
export function useDebounced(action: () => void, ms: number): () => void {
  const latest = useRef(action);
  latest.current = action;
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useRef(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => latest.current(), ms);
  }).current;
}

/** A function that calls `action` `ms` after the first of a burst of calls, then again for later bursts: at most once per `ms`. */
export function useThrottled(action: () => void, ms: number): () => void {
  const latest = useRef(action);
  latest.current = action;
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useRef(() => {
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      latest.current();
    }, ms);
  }).current;
}

/** How many times the socket has connected again after losing its connection (client.ts counts). */
export const reconnections = createStore(0);

/**
 * Calls `action` each time the socket is back after a loss: events sent meanwhile are not replayed
 * (README, Subscriptions), so a page reads itself again.
 */
export function useOnReconnect(action: () => void): void {
  const count = useStore(reconnections);
  const latest = useRef(action);
  latest.current = action;
  const seen = useRef(count);
  useEffect(() => {
    if (count === seen.current) return;
    seen.current = count;
    latest.current();
  }, [count]);
}
