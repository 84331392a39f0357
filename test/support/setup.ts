// Runs in every test file: whatever replicas the file left running stop after its last test.
import { afterAll } from "vitest";
import { stopAllApps } from "./app.js";
import { stopAllServers } from "./server-process.js";

afterAll(async () => {
  await Promise.all([stopAllServers(), stopAllApps()]);
});
