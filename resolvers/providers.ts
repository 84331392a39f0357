// Sandbox provider plugins: loaded at start-up, registered in the background, and awaited
// (bounded by the registration timeout) by whatever needs an environment's driver.
import { pathToFileURL } from "node:url";
import { isAbsolute, resolve } from "node:path";
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

export class ProviderRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly drivers = new Map<string, Promise<EnvironmentDriver>>();

  constructor(
    private readonly registrationTimeoutMs: number,
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

  registering(): string[] {
    return [...this.entries.values()].filter((e) => e.state === "REGISTERING").map((e) => e.key);
  }

  /** Waits for the provider until its registration timeout, counted from when it began registering. */
  async waitUntilReady(key: string): Promise<SandboxProvider> {
    const entry = this.entries.get(key);
    if (!entry) throw new RunyardError("PROVIDER_NOT_READY", `provider ${key} is not loaded`, { provider: key, state: null });
    if (entry.state === "REGISTERING") {
      const remainingMs = entry.startedAt + this.registrationTimeoutMs - Date.now();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([entry.settled, new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, remainingMs))))]);
      clearTimeout(timer);
    }
    if (entry.state !== "READY" || !entry.provider) {
      const why = entry.state === "FAILED" ? `failed to register: ${entry.error}` : `did not become ready within ${this.registrationTimeoutMs} ms`;
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

  /** Called by whoever moved the lease out of ACTIVE, which happens exactly once per lease. */
  async releaseDriver(providerKey: string, target: DriverTarget): Promise<void> {
    try {
      const driver = await this.driverFor(providerKey, target);
      await driver.release();
    } catch (err) {
      this.log.warn(`release of lease ${target.lease.id} on provider ${providerKey} failed: ${(err as Error).message}`);
    } finally {
      this.drivers.delete(target.lease.id);
    }
  }
}

function asProvider(value: unknown, specifier: string): SandboxProvider {
  const p = value as Partial<SandboxProvider> | undefined;
  if (!p || typeof p.key !== "string" || typeof p.register !== "function" || typeof p.createDriver !== "function") {
    throw new Error(`${specifier} does not default-export a provider { key, register(), createDriver() }`);
  }
  return p as SandboxProvider;
}
