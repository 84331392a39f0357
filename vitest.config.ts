import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) builds. Node loads yoga and Pothos with the
    // CommonJS one; Vite would hand our own modules the ESM one, and graphql-js refuses to mix the
    // two ("another module or realm"): every in-process replica would answer INTERNAL. One build.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve("graphql") }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Child processes (not threads): test files spawn servers and handle signals. Four workers on a
    // two-core machine: most of a test's time is waiting (heartbeat timeouts, reaper intervals).
    pool: "forks",
    // A worker keeps its modules from one file to the next: loading the server (Prisma, Pothos,
    // yoga) cost each file ~3 s of CPU. Files share no state but what test/support/setup.ts stops.
    isolate: false,
    fileParallelism: true,
    maxWorkers: 4,
  },
});
