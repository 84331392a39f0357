import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Child processes (not threads): test files spawn servers and handle signals. Two workers on
    // a two-core machine, since every file also runs at least one server process.
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
  },
});
