// GraphiQL in headless Chromium on a page that reaches nothing but loopback: it renders from the
// server alone, runs a query with the token from its Headers pane, and a subscription with that
// token receives an event (the token goes in graphql-ws connectionParams); without a valid token the
// subscription says so instead of spinning. Screenshots go to test-artifacts/.
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GRAPHIQL_DEFAULT_QUERY } from "../server/graphiql.js";
import { browserSkipReason, launchBrowser, loopbackPage, saveScreenshot, type LoopbackPage, type TestBrowser } from "./support/browser.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { establishedListeners } from "./support/graphql-client.js";
import { startApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";

const skipReason = browserSkipReason();
if (skipReason) console.warn(`test/graphiql.test.ts skipped: ${skipReason}`);
// The page is ~10 MB of inline script; Monaco starts on two cores shared with other test files.
const PAGE_WAIT_MS = 30_000;
const RESULT_WAIT_MS = 15_000;

let db: TestDatabase;
let server: TestServer;
let browser: TestBrowser;
let agent: Agent;
let target: { issueId: string; environmentId: string };

/**
 * Opens GraphiQL as a first visit would (nothing stored), with the Headers pane holding `headers`
 * (GraphiQL's own localStorage key, set before its scripts run) and `query` in the editor (its URL
 * parameter): typing into Monaco is not what these tests are about.
 */
async function openGraphiQL(headers: Record<string, string>, query: string): Promise<LoopbackPage> {
  const opened = await loopbackPage(browser.browser);
  await opened.page.evaluateOnNewDocument((stored: string) => {
    localStorage.clear();
    localStorage.setItem("graphiql:headers", stored);
  }, JSON.stringify(headers));
  await opened.page.goto(`${server.url}/graphql?query=${encodeURIComponent(query)}`, { waitUntil: "load", timeout: PAGE_WAIT_MS });
  await waitForGraphiQL(opened);
  return opened;
}

/** Waits for GraphiQL's run button; if it never shows, says what the page asked for off loopback. */
async function waitForGraphiQL({ page, offLoopback }: LoopbackPage): Promise<void> {
  try {
    await page.waitForSelector(".graphiql-execute-button", { timeout: PAGE_WAIT_MS });
  } catch (error) {
    throw new Error(`GraphiQL did not render; it asked for, off loopback: ${JSON.stringify(offLoopback)}`, { cause: error });
  }
}

/**
 * What the result pane shows, without whitespace: Monaco wraps long lines (an ID among them) and
 * renders spaces as U+00A0.
 */
async function resultText(page: Page): Promise<string> {
  const text = await page.$eval(".graphiql-response", (pane) => (pane as HTMLElement).innerText);
  return text.replace(/\s+/g, "");
}

async function runAndWaitFor(page: Page, expected: string, screenshot: string): Promise<string> {
  await page.click(".graphiql-execute-button");
  try {
    return await vi.waitFor(
      async () => {
        const text = await resultText(page);
        if (!text.includes(expected.replace(/\s+/g, ""))) throw new Error(`the result pane does not show ${expected}: ${text}`);
        return text;
      },
      { timeout: RESULT_WAIT_MS, interval: 100 },
    );
  } finally {
    await saveScreenshot(page, screenshot);
  }
}

describe.skipIf(skipReason !== undefined)(skipReason ? `GraphiQL (skipped: ${skipReason})` : "GraphiQL", () => {
  beforeAll(async () => {
    // The browser first: where it cannot start (CI without chromium) no replica is left running.
    browser = await launchBrowser();
    db = await createTestDatabase();
    server = await startApp({ databaseUrl: db.url });
    const seed = await seedCompany(server.url, { company: "graphiql-co", agents: ["watched"], issue: "graphiql", environment: { name: "local", capacity: 2 } });
    agent = seed.agents[0]!;
    target = { issueId: seed.issueId, environmentId: seed.environmentId };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.drop();
  });

  it("renders from the server alone, with the example document and where the token goes", async () => {
    const opened = await loopbackPage(browser.browser);
    const { page, offLoopback } = opened;
    await page.goto(`${server.url}/graphql`, { waitUntil: "load", timeout: PAGE_WAIT_MS });
    try {
      await waitForGraphiQL(opened);
      const hint = "# Put your token in the Headers pane:";
      const editor = ".graphiql-query-editor";
      await page.waitForFunction((selector, line) => document.querySelector(selector)?.textContent?.replace(/\s+/g, " ").includes(line), { timeout: PAGE_WAIT_MS }, editor, hint);
    } finally {
      await saveScreenshot(page, "graphiql-first-visit");
    }
    expect(await page.title()).toBe("Runyard");
    expect(GRAPHIQL_DEFAULT_QUERY).toContain(`# Put your token in the Headers pane: {"Authorization": "Bearer <token>"}`);
    expect(offLoopback).toEqual([]);
    await page.close();
  });

  it("runs a query with the Headers pane's token", async () => {
    const { page, offLoopback } = await openGraphiQL({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, "query { companies(first: 5) { edges { node { name } } } }");
    const text = await runAndWaitFor(page, '"graphiql-co"', "graphiql-query");
    expect(text).not.toContain('"errors"');
    expect(offLoopback).toEqual([]);
    await page.close();
  });

  it("a subscription with the Headers pane's token receives an event", async () => {
    const health = `${server.url}/healthz`;
    const before = (await establishedListeners(health)) ?? 0;
    const { page, offLoopback } = await openGraphiQL(
      { Authorization: `Bearer ${agent.token}` },
      `subscription { runEvents(agentId: "${agent.id}") { kind status run { id } } }`,
    );
    await page.click(".graphiql-execute-button");
    // Live once the server's pubsub listener for it is (so the run below is not published before it).
    await vi.waitFor(
      async () => {
        if (((await establishedListeners(health)) ?? 0) <= before) throw new Error("the page's subscription is not live yet");
      },
      { timeout: RESULT_WAIT_MS, interval: 50 },
    );
    const run = await startRun(server.url, agent, target);
    try {
      await vi.waitFor(
        async () => {
          const text = await resultText(page);
          if (!text.includes(run.id) || !text.includes('"QUEUED"')) throw new Error(`the result pane does not show the run's event: ${text}`);
        },
        { timeout: RESULT_WAIT_MS, interval: 100 },
      );
    } finally {
      await saveScreenshot(page, "graphiql-subscription");
    }
    expect(offLoopback).toEqual([]);
    await page.close();
  });

  it("a subscription without a valid token says why it ended instead of spinning", async () => {
    const { page } = await openGraphiQL({ Authorization: "Bearer not-a-token" }, `subscription { runEvents(agentId: "${agent.id}") { kind } }`);
    const text = await runAndWaitFor(page, "4403", "graphiql-subscription-refused");
    expect(text).toContain("istheHeaderspane'sAuthorizationavalidtoken?");
    await page.close();
  });
});
