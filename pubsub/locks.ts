// Mutual exclusion per key across replicas. The lock only orders contenders and keeps them off
// the database's row locks; correctness never depends on it (the database refuses a second
// holder of a slot), so a Redis outage degrades to database-only ordering instead of failing.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

export interface LockOptions {
  /** How long the lock lives if its holder dies. */
  ttlMs?: number;
  /** How long to wait for it before giving up with LockWaitTimeout. */
  waitMs?: number;
}

export interface LockService {
  withLock<T>(key: string, work: () => Promise<T>, options?: LockOptions): Promise<T>;
}

export class LockWaitTimeout extends Error {
  constructor(readonly key: string, readonly waitedMs: number) {
    super(`lock ${key} not acquired within ${waitedMs} ms`);
  }
}

const DEFAULT_TTL_MS = 10_000;
const DEFAULT_WAIT_MS = 5_000;

// Delete the key only if it still holds our token: never release a lock another holder took
// after ours expired.
const RELEASE_IF_OWNER = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * Contenders of one replica queue in memory, first come first served, and only the head of that
 * queue polls Redis: waiting costs no Redis round trips, and a replica's waiters are served in
 * order. Across replicas, the heads contend with jittered backoff.
 */
export class RedisLockService implements LockService {
  private readonly local = new InProcessLockService();

  constructor(
    private readonly redis: Redis,
    private readonly log: (msg: string) => void,
  ) {}

  withLock<T>(key: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
    const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
    const deadline = Date.now() + waitMs;
    return this.local.withLock(key, () => this.withRedisLock(key, work, options.ttlMs ?? DEFAULT_TTL_MS, deadline, waitMs), { waitMs });
  }

  private async withRedisLock<T>(key: string, work: () => Promise<T>, ttlMs: number, deadline: number, waitMs: number): Promise<T> {
    const redisKey = `runyard:lock:${key}`;
    const token = randomBytes(16).toString("hex");
    let delayMs = 1;
    for (;;) {
      let acquired: boolean;
      try {
        acquired = (await this.redis.set(redisKey, token, "PX", ttlMs, "NX")) === "OK";
      } catch (err) {
        this.log(`lock ${key}: redis unavailable (${(err as Error).message}); the database alone guards this step`);
        return work();
      }
      if (acquired) break;
      if (Date.now() >= deadline) throw new LockWaitTimeout(key, waitMs);
      // Jittered exponential backoff keeps contenders from retrying in lock-step.
      await sleep(Math.min(delayMs, deadline - Date.now()) * (0.5 + Math.random()));
      delayMs = Math.min(delayMs * 2, 10);
    }
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE_IF_OWNER, 1, redisKey, token).catch((err: Error) => {
        this.log(`lock ${key}: release failed (${err.message}); it expires in ${ttlMs} ms`);
      });
    }
  }
}

/** One process, no Redis: a promise chain per key. */
export class InProcessLockService implements LockService {
  private readonly tails = new Map<string, Promise<unknown>>();

  async withLock<T>(key: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
    const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
    const previous = this.tails.get(key) ?? Promise.resolve();
    let releaseLock!: () => void;
    const mine = new Promise<void>((resolve) => (releaseLock = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    try {
      await waitFor(previous, waitMs, key);
      return await work();
    } finally {
      releaseLock();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

async function waitFor(previous: Promise<unknown>, waitMs: number, key: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LockWaitTimeout(key, waitMs)), waitMs);
  });
  try {
    await Promise.race([previous.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
