// The pubsub every replica shares: Redis channels when REDIS_URL is set (so a subscriber on
// replica A sees what replica B publishes), an in-process EventTarget otherwise.
import { createPubSub, type PubSub } from "graphql-yoga";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import type { Redis } from "ioredis";
import type { RunyardTopics } from "./topics.js";
import type { Logger } from "pino";

/**
 * A pubsub's listeners (one per live subscription), shown on /healthz. A listener counts once it
 * hears events: at once in-process, and once Redis confirmed the channel's SUBSCRIBE with Redis.
 * `established` only grows, which lets a client tell that the subscription it just opened is live
 * (graphql-ws acknowledges connections, not subscriptions). Per pubsub, not per process: tests run
 * several replicas in one process.
 */
export interface ListenerCounts {
  active: number;
  established: number;
}

export type RunyardPubSub = PubSub<RunyardTopics> & {
  listeners: ListenerCounts;
  /**
   * Resolves once a started `subscribe(topic, id)` hears events (with Redis: once Redis confirmed
   * its SUBSCRIBE), so a caller can look at the database knowing nothing published after that
   * look is missed. Rejects if the SUBSCRIBE failed.
   */
  listening(topic: keyof RunyardTopics, id: string): Promise<unknown>;
};

type Listener = EventListenerOrEventListenerObject;

interface EventTargetLike {
  addEventListener(topic: string, listener: Listener | null): void;
  removeEventListener(topic: string, listener: Listener | null): void;
  dispatchEvent(event: Event): boolean;
}

/**
 * Topics a subscription listens to beside its own (companyEvents hears the providers' breakers):
 * not counted, so one subscription is one listener and "established went up" still means its own
 * topic is live. The subscription subscribes these first, so with Redis they are confirmed first.
 */
const SIDE_TOPICS = new Set<string>(["providerBreakerChanged"]);

/** Counts listeners into `counts` once `live(topic)` resolves. */
function countingEventTarget<T extends EventTargetLike>(target: T, live: (topic: string) => Promise<unknown>, counts: ListenerCounts): T {
  const states = new Map<Listener, { established: boolean; removed: boolean }>();
  return {
    addEventListener(topic: string, listener: Listener | null) {
      target.addEventListener(topic, listener);
      if (!listener || SIDE_TOPICS.has(topic)) return;
      const state = { established: false, removed: false };
      states.set(listener, state);
      live(topic).then(
        () => {
          if (state.removed) return;
          state.established = true;
          counts.active++;
          counts.established++;
        },
        () => {}, // not live; the Redis client logs why
      );
    },
    removeEventListener(topic: string, listener: Listener | null) {
      target.removeEventListener(topic, listener);
      const state = listener ? states.get(listener) : undefined;
      if (!state || !listener) return;
      states.delete(listener);
      state.removed = true;
      if (state.established) counts.active--;
    },
    dispatchEvent: (event: Event) => target.dispatchEvent(event),
  } as T;
}

function withCounts(build: (counts: ListenerCounts) => PubSub<RunyardTopics>, live: (topic: string) => Promise<unknown>): RunyardPubSub {
  const listeners: ListenerCounts = { active: 0, established: 0 };
  // The channel name yoga's createPubSub gives `subscribe(topic, id)`.
  return Object.assign(build(listeners), { listeners, listening: (topic: string, id: string) => live(`${topic}:${id}`) });
}

export function createInProcessPubSub(): RunyardPubSub {
  const live = () => Promise.resolve();
  return withCounts((counts) => createPubSub<RunyardTopics>({ eventTarget: countingEventTarget(new EventTarget(), live, counts) as never }), live);
}

/**
 * Redis needs two connections: one in subscriber mode, one to publish. The event target does not
 * await its PUBLISH, so a failed one (Redis away) is caught here instead of crashing the process;
 * the mutation that published has already committed, and subscribers miss that one event.
 */
export function createRedisPubSub(publishClient: Redis, subscribeClient: Redis, log: Logger): RunyardPubSub {
  const guardedPublisher = new Proxy(publishClient, {
    get(target, property, receiver) {
      if (property === "publish") {
        return (channel: string, message: string) =>
          target.publish(channel, message).catch((err: Error) => log.warn(`publish to ${channel} failed: ${err.message}`));
      }
      return Reflect.get(target, property, receiver);
    },
  });
  // The event target SUBSCRIBEs a channel when its first listener comes and does not await it;
  // keeping the reply's promise per channel tells when a listener is live.
  const subscribed = new Map<string, Promise<unknown>>();
  const trackedSubscriber = new Proxy(subscribeClient, {
    get(target, property, receiver) {
      if (property === "subscribe") {
        return (channel: string) => {
          const reply = target.subscribe(channel);
          reply.catch((err: Error) => log.warn(`subscribe to ${channel} failed: ${err.message}`));
          subscribed.set(channel, reply);
          return reply;
        };
      }
      if (property === "unsubscribe") {
        return (channel: string) => {
          subscribed.delete(channel);
          return target.unsubscribe(channel);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  const eventTarget = createRedisEventTarget({ publishClient: guardedPublisher, subscribeClient: trackedSubscriber });
  const live = (topic: string) => subscribed.get(topic) ?? Promise.resolve();
  return withCounts((counts) => createPubSub<RunyardTopics>({ eventTarget: countingEventTarget(eventTarget, live, counts) as never }), live);
}
