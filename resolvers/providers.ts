// Sandbox provider plugins: loaded at start-up, registered in the background, and awaited
// (bounded by the registration timeout) by whatever needs an environment's driver.
import { pathToFileURL } from "node:url";
import { isAbsolute, resolve } from "node:path";
import type { Db } from "../prisma/client.js";
import { breakerOpenUntil } from "../prisma/sql/breaker-open-until.js";
import { admitToProvider } from "../prisma/sql/admit-to-provider.js";
import { closeProviderBreaker } from "../prisma/sql/close-provider-breaker.js";
import type { SqlClient } from "../prisma/sql/db.js";
import { recordPrepareFailure, type BreakerPolicy, type BreakerState } from "../prisma/sql/record-prepare-failure.js";
import { RunyardError } from "./errors.js";
import type { Logger } from "pino";

export interface PreparedWorkspace {
  dir: string;
}

export interface EnvironmentDriver {
  /**
   * Before a run starts in the environment. A driver that prepared a directory says where
   * (`dir`), so the runner can start the command in it; one that returns nothing still fits.
   */
  prepare(workspace: { id: string; config: unknown }): Promise<PreparedWorkspace | void>;
  /** When the run's lease ends, however it ends. */
  release(): Promise<void>;
}

/**
 * What a plugin module's default export is. `createDriver` is called once per lease; besides the
 * contract's `id` and `config` it receives the lease, so a driver rebuilt on another replica (the
 * one that reaped the lease) knows what to clean up.
 */
export interface SandboxProvider {
  key: string;
  register(): Promise<void>;
  createDriver(environment: DriverTarget): Promise<EnvironmentDriver>;
}

export interface DriverTarget {
  id: string;
  config: unknown;
  lease: { id: string; runId: string; slot: number };
}

const MAX_CACHED_DRIVERS = 1_000;

export type ProviderState = "REGISTERING" | "READY" | "FAILED";

export interface ProviderStatus {
  key: string;
  source: string;
  state: ProviderState;
  error: string | null;
  registeredAt: Date | null;
}

interface Entry extends ProviderStatus {
  provider: SandboxProvider | null;
  startedAt: number;
  settled: Promise<void>;
}

/** The operator's knobs for providers and their drivers (server/config.ts reads them). */
export interface ProviderPolicy extends BreakerPolicy {
  registrationTimeoutMs: number;
  /** A release() still running after this long counts as failed; its cleanup stays PENDING. */
  releaseTimeoutMs: number;
  /** Attempts at a lease's cleanup before it is FAILED. */
  cleanupMaxAttempts: number;
  /** The wait after a failed cleanup attempt, doubling per attempt up to cleanupBackoffMaxMs. */
  cleanupBackoffMs: number;
  cleanupBackoffMaxMs: number;
}

export type ProviderHealth = "HEALTHY" | "DEGRADED";

/** A provider as sandboxProviders shows it: this replica's registration, and the shared breaker. */
export interface ProviderView extends ProviderStatus {
  health: ProviderHealth;
  consecutiveFailures: number;
  openUntil: Date | null;
}

function viewOf(status: ProviderStatus, breaker: { consecutiveFailures: number; openUntil: Date | null } | undefined): ProviderView {
  const openUntil = breaker?.openUntil ?? null;
  return {
    ...status,
    health: status.state === "FAILED" || openUntil !== null ? "DEGRADED" : "HEALTHY",
    consecutiveFailures: breaker?.consecutiveFailures ?? 0,
    openUntil,
  };
}

export class ProviderRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly drivers = new Map<string, Promise<EnvironmentDriver>>();

  constructor(
    readonly policy: ProviderPolicy,
    private readonly log: Logger,
  ) {}

  /** Starts `register()` and returns at once: the server serves while providers register. */
  add(provider: SandboxProvider, source: string): void {
    const entry: Entry = {
      key: provider.key,
      source,
      state: "REGISTERING",
      error: null,
      registeredAt: null,
      provider,
      startedAt: Date.now(),
      settled: Promise.resolve(),
    };
    entry.settled = Promise.resolve()
      .then(() => provider.register())
      .then(
        () => {
          entry.state = "READY";
          entry.registeredAt = new Date();
          this.log.info(`provider ${provider.key} ready (${Date.now() - entry.startedAt} ms)`);
        },
        (err: unknown) => {
          entry.state = "FAILED";
          entry.error = err instanceof Error ? err.message : String(err);
          this.log.error(`provider ${provider.key} failed to register: ${entry.error}`);
        },
      );
    this.entries.set(provider.key, entry);
  }

  /** Imports each plugin module (a path or a package name); one that cannot load is FAILED. */
  async loadPlugins(specifiers: string[]): Promise<void> {
    await Promise.all(
      specifiers.map(async (specifier) => {
        try {
          const url = specifier.startsWith(".") || isAbsolute(specifier) ? pathToFileURL(resolve(specifier)).href : specifier;
          const module = (await import(url)) as { default?: unknown };
          const provider = asProvider(module.default, specifier);
          // A second provider under a taken key (`local`, or another plugin's) would silently
          // replace the first for every environment naming it.
          const taken = this.entries.get(provider.key);
          if (taken) throw new Error(`provider key ${provider.key} is already provided by ${taken.source}`);
          this.add(provider, specifier);
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          this.log.error(`plugin ${specifier} failed to load: ${error}`);
          this.entries.set(specifier, {
            key: specifier, source: specifier, state: "FAILED", error, registeredAt: null,
            provider: null, startedAt: Date.now(), settled: Promise.resolve(),
          });
        }
      }),
    );
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  list(): ProviderStatus[] {
    return [...this.entries.values()].map(({ key, source, state, error, registeredAt }) => ({ key, source, state, error, registeredAt }));
  }

  /**
   * Every provider with its breaker (the database's, shared by all replicas). DEGRADED: its
   * breaker is not closed, or it failed to register here (which refuses its claims as well).
   */
  async view(db: Db): Promise<ProviderView[]> {
    const breakers = new Map((await db.providerBreaker.findMany()).map((b) => [b.providerKey, b]));
    return this.list().map((status) => viewOf(status, breakers.get(status.key)));
  }

  /** One provider as a breaker change left it (a companyEvents event); null if not loaded here. */
  viewWith(breaker: { providerKey: string; consecutiveFailures: number; openUntil: Date | null }): ProviderView | null {
    const status = this.list().find((s) => s.key === breaker.providerKey);
    return status ? viewOf(status, breaker) : null;
  }

  /**
   * The claim's gate, in its transaction, after the run is picked: refused with PROVIDER_UNAVAILABLE
   * while the environment's provider's breaker is open (the transaction rolls back: the run stays
   * QUEUED); once the cool-down has passed, one claim across all replicas is let through as the
   * probe. `probe` goes to recordPrepare with the prepare()'s outcome.
   */
  async admitClaim(tx: SqlClient, environmentId: string): Promise<{ providerKey: string; probe: boolean }> {
    const admission = await admitToProvider(tx, environmentId, this.policy.coolDownMs);
    if (admission.openUntil === null || admission.probe) return admission;
    // Open, or past its cool-down with the probe taken by another claim: say until when, as now committed.
    const openUntil = (await breakerOpenUntil(tx, admission.providerKey)) ?? admission.openUntil;
    throw providerUnavailable(admission.providerKey, openUntil);
  }

  /**
   * After the claim's prepare(): a success closes the provider's breaker, a failure counts toward
   * opening it. Answers the breaker as the outcome left it, or null when it did not change (a
   * healthy provider's success). An outcome the database cannot take is logged, not thrown: the
   * claim's own answer (and a failed run's FAILED) must not wait on the breaker's bookkeeping.
   */
  async recordPrepare(db: SqlClient, providerKey: string, succeeded: boolean, probe: boolean): Promise<BreakerState | null> {
    try {
      if (succeeded) {
        const closed = await closeProviderBreaker(db, providerKey);
        if (closed) this.log.info(`provider ${providerKey}: breaker closed`);
        return closed;
      }
      const state = await recordPrepareFailure(db, providerKey, probe, this.policy);
      if (state.openUntil) {
        this.log.warn(`provider ${providerKey}: breaker open until ${state.openUntil.toISOString()} after ${state.consecutiveFailures} consecutive failed prepare() calls`);
      }
      return state;
    } catch (err) {
      this.log.warn(`provider ${providerKey}: the prepare() outcome could not be recorded on its breaker: ${(err as Error).message}`);
      return null;
    }
  }

  registering(): string[] {
    return [...this.entries.values()].filter((e) => e.state === "REGISTERING").map((e) => e.key);
  }

  /** Waits for the provider until its registration timeout, counted from when it began registering. */
  async waitUntilReady(key: string): Promise<SandboxProvider> {
    const entry = this.entries.get(key);
    if (!entry) throw new RunyardError("PROVIDER_NOT_READY", `provider ${key} is not loaded`, { provider: key, state: null });
    if (entry.state === "REGISTERING") {
      const remainingMs = entry.startedAt + this.policy.registrationTimeoutMs - Date.now();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([entry.settled, new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, remainingMs))))]);
      clearTimeout(timer);
    }
    if (entry.state !== "READY" || !entry.provider) {
      const why = entry.state === "FAILED" ? `failed to register: ${entry.error}` : `did not become ready within ${this.policy.registrationTimeoutMs} ms`;
      throw new RunyardError("PROVIDER_NOT_READY", `provider ${key} ${why}`, { provider: key, state: entry.state });
    }
    return entry.provider;
  }

  /**
   * The driver of one lease, built once per process and lease while cached. A lease that another
   * replica ends never comes back here to be evicted, so the cache is bounded (oldest out first);
   * a driver evicted or never built here is simply built again by whoever releases it.
   */
  driverFor(providerKey: string, target: DriverTarget): Promise<EnvironmentDriver> {
    let driver = this.drivers.get(target.lease.id);
    if (!driver) {
      driver = this.waitUntilReady(providerKey).then((provider) => provider.createDriver(target));
      driver.catch(() => this.drivers.delete(target.lease.id));
      this.drivers.set(target.lease.id, driver);
      if (this.drivers.size > MAX_CACHED_DRIVERS) this.drivers.delete(this.drivers.keys().next().value!);
    }
    return driver;
  }

  /**
   * One cleanup attempt of a lease (resolvers/leases.ts claims it first): the driver's release(),
   * the driver built first if need be, bounded by the release timeout. Throws when it failed or ran out of time; a release() still
   * running then is left to finish on its own (a promise cannot be stopped), and the attempt's
   * window (twice the timeout) keeps the next attempt from starting beside it for a while longer.
   */
  async releaseDriver(providerKey: string, target: DriverTarget): Promise<void> {
    const timeoutMs = this.policy.releaseTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      // The wait for a provider still registering counts too: no attempt outlives its window.
      await Promise.race([
        this.driverFor(providerKey, target).then((driver) => driver.release()),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`release() did not finish within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.drivers.delete(target.lease.id);
    }
  }
}

export function providerUnavailable(providerKey: string, openUntil: Date | null): RunyardError {
  return new RunyardError("PROVIDER_UNAVAILABLE", `provider ${providerKey} is failing: its claims are refused until ${openUntil?.toISOString() ?? "it recovers"}`, {
    provider: providerKey,
    openUntil: openUntil?.toISOString() ?? null,
  });
}

function asProvider(value: unknown, specifier: string): SandboxProvider {
  const p = value as Partial<SandboxProvider> | undefined;
  if (!p || typeof p.key !== "string" || typeof p.register !== "function" || typeof p.createDriver !== "function") {
    throw new Error(`${specifier} does not default-export a provider { key, register(), createDriver() }`);
  }
  return p as SandboxProvider;
}
