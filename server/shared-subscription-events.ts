// One event, many subscribers: a dashboard fleet's 1,000 sockets on runEvents(agentId) each ran
// the same selection over the same payload for every event (graphql-js executes a subscription's
// selection per event and per subscriber), and that was most of a fan-out's cost. Here the
// subscribers of one event that ask the same document with the same variables, for callers the
// schema authorises alike, share one execution of it; each still gets its own message.
import { createSourceEventStream, execute, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Viewer } from "../resolvers/auth.js";
import type { RequestContext } from "../resolvers/runtime.js";

/**
 * Callers whose answers are the same: every read rule (resolvers/auth.ts: canSeeCompany,
 * canOperateCompany, canActOnRun, ownRunsFilter) decides by the token's kind, company and agent
 * only, never by the token itself (whose id serves revocation, which closes its sockets).
 */
function authorisationOf(viewer: Viewer): string {
  return viewer.kind === "ADMIN" ? "ADMIN" : viewer.kind === "OPERATOR" ? `OPERATOR ${viewer.companyId}` : `AGENT ${viewer.companyId} ${viewer.agentId}`;
}

const documentKeys = new WeakMap<DocumentNode, string>();

function documentKey(document: DocumentNode): string {
  let key = documentKeys.get(document);
  if (key === undefined) documentKeys.set(document, (key = document.loc?.source.body ?? print(document)));
  return key;
}

/** Executions per event payload (the object every listener of a pubsub message receives), by what they asked. */
const executions = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

function sharedExecution(payload: unknown, key: string, args: ExecutionArgs): Promise<ExecutionResult> {
  // A payload that is not an object (none of ours) cannot key a WeakMap: executed alone.
  if (typeof payload !== "object" || payload === null) return Promise.resolve(execute({ ...args, rootValue: payload }));
  let byKey = executions.get(payload);
  if (!byKey) executions.set(payload, (byKey = new Map()));
  let result = byKey.get(key);
  if (!result) byKey.set(key, (result = Promise.resolve(execute({ ...args, rootValue: payload }))));
  return result;
}

/** The envelop plugin: subscriptions are subscribed as graphql-js does, and their events executed once per key. */
export function useSharedSubscriptionEvents(): Plugin {
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in source)) return source; // refused: its errors, as graphql-js answers them
        const viewer = await (args.contextValue as RequestContext).viewer();
        // Without a caller no field resolves (every one needs a token): nothing worth sharing.
        const key = viewer && `${authorisationOf(viewer)}\n${args.operationName ?? ""}\n${JSON.stringify(args.variableValues ?? {})}\n${documentKey(args.document)}`;
        // Mapped as graphql-js maps a source stream, without a buffer between: a fan-out to a
        // thousand subscribers pays per event what each layer per subscriber costs. return()
        // goes straight to the source (the pubsub's Repeater, which ends even while idle).
        const events = source[Symbol.asyncIterator]();
        const mapped: AsyncIterableIterator<ExecutionResult> = {
          [Symbol.asyncIterator]: () => mapped,
          async next() {
            const event = await events.next();
            if (event.done) return { done: true, value: undefined };
            return { done: false, value: await (key ? sharedExecution(event.value, key, args) : execute({ ...args, rootValue: event.value })) };
          },
          async return() {
            await events.return?.();
            return { done: true, value: undefined };
          },
          async throw(error: unknown) {
            await events.return?.();
            throw error;
          },
        };
        return mapped;
      });
    },
  };
}
