// ioredis connections for one replica: publish, subscribe and locks. Lock commands must fail
// fast when Redis is away (the database still guards leases), so they get no offline queue.
import { Redis } from "ioredis";
import type { Logger } from "pino";

export interface RedisConnections {
  publish: Redis;
  subscribe: Redis;
  locks: Redis;
  close(): Promise<void>;
}

export async function connectRedis(url: string, log: Logger): Promise<RedisConnections> {
  const retryStrategy = (attempt: number) => Math.min(attempt * 200, 2000);
  // Auto-pipelining sends the PUBLISHes of one tick (two per heartbeat) in one write.
  const publish = new Redis(url, { retryStrategy, maxRetriesPerRequest: 2, enableAutoPipelining: true });
  const subscribe = new Redis(url, { retryStrategy, maxRetriesPerRequest: null });
  const locks = new Redis(url, { retryStrategy, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  for (const [name, client] of Object.entries({ publish, subscribe, locks })) {
    client.on("error", (err: Error) => log.warn(`redis ${name}: ${err.message}`));
  }
  await Promise.all([publish.ping(), subscribe.ping(), waitUntilReady(locks)]);
  return {
    publish,
    subscribe,
    locks,
    async close() {
      await Promise.allSettled([publish.quit(), subscribe.quit(), locks.quit()]);
    },
  };
}

function waitUntilReady(client: Redis): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    client.once("ready", () => resolve());
    client.once("end", () => reject(new Error("redis connection ended before it was ready")));
  });
}
