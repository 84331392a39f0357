// The built-in `local` provider: a directory per workspace under the data dir, holding the
// workspace's config, and a scratch directory per lease (named by slot and lease) that release()
// removes.
import { mkdir, rm, writeFile, rename } from "node:fs/promises";
import { join } from "node:path";
import type { SandboxProvider } from "./providers.js";

const WORKSPACE_CONFIG_FILE = "runyard-workspace.json";

/** Where the local provider keeps a lease's scratch directory while the lease is ACTIVE. */
function localScratchDir(dataDir: string, environmentId: string, lease: { id: string; slot: number }): string {
  return join(dataDir, "environments", environmentId, `slot-${lease.slot}-${lease.id}`);
}

export function createLocalProvider(dataDir: string): SandboxProvider {
  return {
    key: "local",
    async register() {
      await mkdir(join(dataDir, "workspaces"), { recursive: true });
    },
    async createDriver(environment) {
      // Named by lease as well as slot: a release still in flight for the slot's previous lease
      // (it runs after commit, possibly on another replica) must not remove the next one's.
      const scratch = localScratchDir(dataDir, environment.id, environment.lease);
      return {
        async prepare(workspace) {
          const dir = join(dataDir, "workspaces", workspace.id);
          await mkdir(dir, { recursive: true });
          // Write-then-rename: a reader never sees a half-written config.
          const tmp = join(dir, `.${WORKSPACE_CONFIG_FILE}.${environment.lease.id}`);
          await writeFile(tmp, JSON.stringify(workspace.config, null, 2));
          await rename(tmp, join(dir, WORKSPACE_CONFIG_FILE));
          await mkdir(scratch, { recursive: true });
          return { dir };
        },
        async release() {
          await rm(scratch, { recursive: true, force: true });
        },
      };
    },
  };
}
