// The claimNextRun calls waiting on one replica, per agent. Each agent's waiters share one
// listener on its dispatch topic (a run queued, a RUNNING run ended: on any replica, through the
// pubsub), one re-check timer, and one look at a time, made on behalf of the waiters in arrival
// order. Waiters asking for the same environments are one group: when a look for one of them
// finds nothing, the round skips the rest of its group (and a waiter of all environments finding
// nothing ends the round). An event costs this replica (runs claimed + groups) claim
// transactions, not one per waiting runner, which would all queue on the agent's row lock for nothing.
import type { SqlClient } from "../prisma/sql/db.js";
import { msUntilNextDueRun } from "../prisma/sql/next-due-run.js";
import type { RunyardPubSub } from "../pubsub/event-target.js";

/** A waiting claimNextRun also looks this often without an event: for what no event announces
 * (another agent's run leaving the workspace, a provider becoming ready). A run's notBefore
 * passing is looked for at that time (see scheduleDueLook). */
const RECHECK_MS = 10_000;
/** How long past a lookAt time the look is made (replica and database clocks differ a little). */
const LOOK_AT_SLACK_MS = 50;
/** How long a waiter waits for its listener to go live before it looks anyway. */
const LIVE_BOUND_MS = 2_000;
/**
 * Waiters of one agent on one replica that are looked for. A caller past this is looked for once,
 * then only waits out its waitSeconds (or its caller's leaving, or a drain) and answers null: it
 * costs no looks, and answering at once would only have its runner ask again at once.
 */
export const MAX_WAITERS_PER_AGENT = 100;

interface Waiter {
  /** One look: the claim, or null when nothing is claimable for this waiter now. */
  attempt: () => Promise<unknown>;
  /** The environments it takes from, as a key (null: all of the agent's); when it finds nothing, no waiter of its group will. */
  group: string | null;
  /** Past the cap: looked for once on arrival, never in a round. */
  passive: boolean;
  /** A look for it is in flight: its time running out must wait for it (a claim is never dropped). */
  looking: boolean;
  /** Its time ran out (or the replica drains) during a look: it answers when the look ends. */
  expired: boolean;
  settle: (outcome: { claim: unknown } | { error: unknown }) => void;
}

interface AgentWaiters {
  waiters: Waiter[];
  /** Resolves once the dispatch listener hears events. */
  live: Promise<unknown>;
  /** Stops the listener and the re-check timer. */
  close: () => void;
  looking: boolean;
  /** Something happened since the current round of looks began: look again after it. */
  dirty: boolean;
  /** A look asked for at a time (lookAt), and when. */
  lookTimer: NodeJS.Timeout | undefined;
  lookAt: number | undefined;
}

export class ClaimWaiters {
  private readonly agents = new Map<string, AgentWaiters>();
  private closed = false;

  /** `db` (without it, no due looks) is asked when the agent's next queued run becomes due, after each round of looks that left waiters waiting. */
  constructor(private readonly pubsub: RunyardPubSub, private readonly db?: SqlClient) {}

  /**
   * Resolves with what `attempt` claims, looking once the listener is live (so nothing published
   * after the first look is missed), again on every dispatch event and every RECHECK_MS; null
   * after waitMs, once `signal` aborts (the caller has gone: a look in flight then commits
   * nothing, see claimPicked), or at once when the replica drains.
   */
  async wait<T>(
    agentId: string,
    waitMs: number,
    group: string | null,
    attempt: () => Promise<T | null>,
    signal: AbortSignal,
  ): Promise<T | null> {
    if (this.closed || signal.aborted) return null;
    const passive = (this.agents.get(agentId)?.waiters.length ?? 0) >= MAX_WAITERS_PER_AGENT;
    if (passive) {
      const claim = await attempt();
      if (claim !== null || this.closed || signal.aborted) return claim;
    }
    const agent = this.agentWaiters(agentId);
    let timer: NodeJS.Timeout | undefined;
    let settle: Waiter["settle"] = () => {};
    const gone = (): void => this.expire(waiter);
    const answer = new Promise<T | null>((resolve, reject) => {
      settle = (outcome) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", gone);
        this.remove(agentId, waiter);
        if ("error" in outcome) reject(outcome.error);
        else resolve(outcome.claim as T | null);
      };
    });
    const waiter: Waiter = { attempt, group, passive, looking: false, expired: false, settle: (outcome) => settle(outcome) };
    // Registered before the wait for the listener, so the agent's listener stays while it goes live.
    agent.waiters.push(waiter);
    signal.addEventListener("abort", gone, { once: true });
    timer = setTimeout(() => this.expire(waiter), waitMs);
    // Redis away: the listener may never go live; looking anyway after a bound, the re-checks still find runs.
    let bound: NodeJS.Timeout | undefined;
    void Promise.race([agent.live.catch(() => undefined), new Promise((resolve) => (bound = setTimeout(resolve, LIVE_BOUND_MS)))])
      .then(() => {
        clearTimeout(bound);
        if (!passive && agent.waiters.includes(waiter)) this.look(agentId);
      });
    return answer;
  }

  /**
   * The agent's waiters here look again at `at` (ms since the epoch), for what no event announces
   * at that moment: a provider's breaker ending its cool-down, a queued run's notBefore passing
   * (scheduleDueLook). The earliest asked for wins.
   */
  lookAt(agentId: string, at: number): void {
    const agent = this.agents.get(agentId);
    if (!agent || (agent.lookAt !== undefined && agent.lookAt <= at)) return;
    clearTimeout(agent.lookTimer);
    agent.lookAt = at;
    // A little past it: the database's clock decides, and it must have passed there too.
    agent.lookTimer = setTimeout(() => {
      agent.lookAt = undefined;
      this.look(agentId);
    }, Math.max(0, at - Date.now()) + LOOK_AT_SLACK_MS);
    agent.lookTimer.unref();
  }

  /** The replica drains: every waiter answers null now. */
  close(): void {
    this.closed = true;
    for (const agent of [...this.agents.values()]) for (const waiter of [...agent.waiters]) this.expire(waiter);
  }

  private expire(waiter: Waiter): void {
    if (waiter.looking) waiter.expired = true;
    else waiter.settle({ claim: null });
  }

  private agentWaiters(agentId: string): AgentWaiters {
    const existing = this.agents.get(agentId);
    if (existing) return existing;
    const events = this.pubsub.subscribe("agentDispatch", agentId);
    const recheck = setInterval(() => this.look(agentId), RECHECK_MS);
    recheck.unref();
    const close = (): void => {
      clearInterval(recheck);
      clearTimeout(agent.lookTimer);
      void events.return?.();
    };
    const agent: AgentWaiters = { waiters: [], live: Promise.resolve(), close, looking: false, dirty: false, lookTimer: undefined, lookAt: undefined };
    this.agents.set(agentId, agent);
    // Iterating starts the subscription (it adds the listener), so `listening` is asked after.
    void (async () => {
      for await (const _ of events) this.look(agentId);
    })().catch(() => undefined);
    agent.live = this.pubsub.listening("agentDispatch", agentId);
    return agent;
  }

  /** Looks for the waiters in arrival order, one at a time, skipping the groups a look found nothing for. */
  private look(agentId: string): void {
    const agent = this.agents.get(agentId);
    if (!agent) return;
    agent.dirty = true;
    if (agent.looking) return;
    agent.looking = true;
    void (async () => {
      while (agent.dirty) {
        agent.dirty = false;
        const empty = new Set<string>();
        for (const waiter of [...agent.waiters]) {
          if (waiter.passive || !agent.waiters.includes(waiter) || (waiter.group !== null && empty.has(waiter.group))) continue;
          waiter.looking = true;
          let found = false;
          try {
            const claim = await waiter.attempt();
            found = claim !== null;
            if (found || waiter.expired) waiter.settle({ claim });
          } catch (error) {
            waiter.settle({ error });
            found = true;
          } finally {
            waiter.looking = false;
          }
          if (found) continue;
          if (waiter.group === null) break;
          empty.add(waiter.group);
        }
      }
      agent.looking = false;
      if (agent.waiters.length === 0) this.release(agentId, agent);
      else this.scheduleDueLook(agentId, agent);
    })();
  }

  /**
   * A round left waiters waiting: if a queued run of the agent becomes due before the next
   * re-check, look then. No event says a notBefore passed, and a retry queued before its runner
   * began to wait (the runner finished the failed attempt, then asked for the next run) was
   * announced to nobody; the re-check alone would hand it over up to RECHECK_MS late.
   */
  private scheduleDueLook(agentId: string, agent: AgentWaiters): void {
    if (!this.db) return;
    msUntilNextDueRun(this.db, agentId).then(
      (ms) => {
        if (this.agents.get(agentId) !== agent || ms === null || ms >= RECHECK_MS) return;
        this.lookAt(agentId, Date.now() + Math.max(0, ms));
      },
      () => undefined,
    );
  }

  private remove(agentId: string, waiter: Waiter): void {
    const agent = this.agents.get(agentId);
    if (!agent) return;
    agent.waiters = agent.waiters.filter((w) => w !== waiter);
    if (agent.waiters.length === 0 && !agent.looking) this.release(agentId, agent);
  }

  /** No one waits for the agent on this replica any more: stop listening. */
  private release(agentId: string, agent: AgentWaiters): void {
    if (this.agents.get(agentId) !== agent) return;
    this.agents.delete(agentId);
    agent.close();
  }
}
