// The pubsub every replica shares: Redis channels when REDIS_URL is set (so a subscriber on
// replica A sees what replica B publishes), an in-process EventTarget otherwise.
import { createPubSub, type PubSub } from "graphql-yoga";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import type { Redis } from "ioredis";
import type { RunyardTopics } from "./topics.js";

export type RunyardPubSub = PubSub<RunyardTopics>;

export function createInProcessPubSub(): RunyardPubSub {
  return createPubSub<RunyardTopics>();
}

/**
 * Redis needs two connections: one in subscriber mode, one to publish. The event target does not
 * await its PUBLISH, so a failed one (Redis away) is caught here instead of crashing the process;
 * the mutation that published has already committed, and subscribers miss that one event.
 */
export function createRedisPubSub(publishClient: Redis, subscribeClient: Redis, log: (msg: string) => void): RunyardPubSub {
  const guardedPublisher = new Proxy(publishClient, {
    get(target, property, receiver) {
      if (property === "publish") {
        return (channel: string, message: string) =>
          target.publish(channel, message).catch((err: Error) => log(`publish to ${channel} failed: ${err.message}`));
      }
      return Reflect.get(target, property, receiver);
    },
  });
  return createPubSub<RunyardTopics>({
    eventTarget: createRedisEventTarget({ publishClient: guardedPublisher, subscribeClient }),
  });
}
