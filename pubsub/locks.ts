// Cross-replica mutual exclusion for periodic work (the reaper's pass): at most one replica does
// it at a time, the others skip their turn. It only saves duplicate work; correctness never
// depends on it (the work itself takes its rows with FOR UPDATE SKIP LOCKED), so a Redis outage
// degrades to every replica doing the work instead of failing.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "pino";

export interface LockService {
  /**
   * Runs `work` if the lock on `key` is free, holding it until `work` settles; `{ ran: false }`
   * if another holder has it (no waiting: the caller's next turn will come).
   */
  runExclusive<T>(key: string, work: () => Promise<T>, options?: { ttlMs?: number }): Promise<{ ran: true; value: T } | { ran: false }>;
}

const DEFAULT_TTL_MS = 10_000;

// Both scripts act only if the key still holds our token: never extend or delete a lock that
// expired and that another holder has taken since.
const EXTEND_IF_OWNER = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_IF_OWNER = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * SET NX PX with a random token; while the work runs the TTL is renewed at half-life, so a long
 * pass keeps its lock and a dead holder's lock lapses within one TTL.
 */
export class RedisLockService implements LockService {
  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {}

  async runExclusive<T>(key: string, work: () => Promise<T>, { ttlMs = DEFAULT_TTL_MS } = {}): Promise<{ ran: true; value: T } | { ran: false }> {
    const redisKey = `runyard:lock:${key}`;
    const token = randomBytes(16).toString("hex");
    try {
      if ((await this.redis.set(redisKey, token, "PX", ttlMs, "NX")) !== "OK") return { ran: false };
    } catch (err) {
      this.log.warn(`lock ${key}: redis unavailable (${(err as Error).message}); running without it, the database alone guards this step`);
      return { ran: true, value: await work() };
    }
    const renewal = setInterval(() => {
      this.redis.eval(EXTEND_IF_OWNER, 1, redisKey, token, ttlMs).catch((err: Error) => {
        this.log.warn(`lock ${key}: renewal failed (${err.message})`);
      });
    }, ttlMs / 2);
    try {
      return { ran: true, value: await work() };
    } finally {
      clearInterval(renewal);
      await this.redis.eval(RELEASE_IF_OWNER, 1, redisKey, token).catch((err: Error) => {
        this.log.warn(`lock ${key}: release failed (${err.message}); it lapses in ${ttlMs} ms`);
      });
    }
  }
}

/** One process, no Redis: a key is held while its work runs. */
export class InProcessLockService implements LockService {
  private readonly held = new Set<string>();

  async runExclusive<T>(key: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    if (this.held.has(key)) return { ran: false };
    this.held.add(key);
    try {
      return { ran: true, value: await work() };
    } finally {
      this.held.delete(key);
    }
  }
}
