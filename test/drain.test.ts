// SIGTERM under continuous load: a replica that went on answering busy keep-alive connections never
// finished its drain. Draining, it answers with `Connection: close`, closes sockets as they go idle
// and destroys the rest after its grace period, so it exits 0 well inside RUNYARD_DRAIN_TIMEOUT_MS.
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startServer, TEST_ADMIN_TOKEN } from "./support/server-process.js";

const DRAIN_TIMEOUT_MS = 6_000;
// More requests outstanding than sockets, as behind a load balancer: the agent hands a socket its
// next request as soon as a response ends, so no socket is ever idle.
const SOCKETS = 4;
const CLIENTS = 32;
// The load stops by itself, whatever the server does.
const LOAD_LIMIT_MS = 20_000;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

interface Answer {
  status: number;
  connection: string | undefined;
}

function post(agent: http.Agent, port: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A database round trip each: a socket is always busy with one when the drain begins.
    const body = JSON.stringify({ query: "{ companies(first: 1) { edges { node { id } } } }" });
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/graphql",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

it("drains under continuous keep-alive load and exits 0 inside RUNYARD_DRAIN_TIMEOUT_MS", async () => {
  const server = await startServer({ databaseUrl: db.url, redisUrl: null, env: { RUNYARD_DRAIN_TIMEOUT_MS: String(DRAIN_TIMEOUT_MS) } });
  const port = Number(new URL(server.url).port);
  const agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS });
  const counts = { answered: 0, told: 0, afterSigterm: 0, failed: 0 };
  let sigtermAt = 0;
  let stop = false;
  const loadUntil = Date.now() + LOAD_LIMIT_MS;
  const clients = Array.from({ length: CLIENTS }, async () => {
    while (!stop && Date.now() < loadUntil) {
      try {
        const answer = await post(agent, port);
        counts.answered++;
        if (sigtermAt) counts.afterSigterm++;
        if (answer.connection === "close") counts.told++;
      } catch {
        // Refused once the replica stopped listening (what a load balancer sees): try again shortly.
        counts.failed++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  });
  try {
    // The load runs on busy keep-alive sockets before the signal.
    while (counts.answered < 200) await new Promise((resolve) => setTimeout(resolve, 20));
    sigtermAt = Date.now();
    const code = await server.kill("SIGTERM");
    const drainMs = Date.now() - sigtermAt;
    console.log(`[drain] exited ${code} ${drainMs} ms after SIGTERM with ${CLIENTS} requests outstanding on ${SOCKETS} keep-alive sockets; ${counts.afterSigterm} answers after it, ${counts.told} with Connection: close`);
    expect(code, server.output()).toBe(0);
    expect(server.output()).not.toContain("drain took too long");
  } finally {
    stop = true;
    await Promise.all(clients);
    agent.destroy();
  }
});

it("destroys a connection still busy after the grace period (half of RUNYARD_DRAIN_TIMEOUT_MS) and exits 0", async () => {
  const server = await startServer({ databaseUrl: db.url, redisUrl: null, env: { RUNYARD_DRAIN_TIMEOUT_MS: String(DRAIN_TIMEOUT_MS) } });
  // A request whose headers never end: in flight for as long as the server lets it be.
  const socket = net.connect(Number(new URL(server.url).port), "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  const socketClosed = new Promise((resolve) => socket.once("close", resolve));
  socket.on("error", () => {});
  const code = await server.kill("SIGTERM");
  expect(code, server.output()).toBe(0);
  expect(server.output()).toContain(`drain: requests still in flight after ${DRAIN_TIMEOUT_MS / 2} ms; closing their connections`);
  await socketClosed;
});
