// The dashboard (GET /) in headless Chromium on a page that reaches nothing but loopback: sign-in
// with a token, a run started through the API appearing on the runs page without a reload, a log
// line appearing on the run page, a held slot on the environments page; an agent token sees only
// its own runs and a bad token is refused on the sign-in page. Screenshots go to test-artifacts/;
// with RUNYARD_README_SCREENSHOTS=1 the runs and run pages are also saved as docs/screenshots/*.png.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { decodeGlobalID } from "@pothos/plugin-relay";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DASHBOARD_DIST } from "../server/dashboard.js";
import { graphql } from "./gql/index.js";
import { browserSkipReason, launchBrowser, loopbackPage, saveScreenshot, type LoopbackPage, type TestBrowser } from "./support/browser.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { REPO_ROOT } from "./support/env.js";
import { claimRun, createIssue, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { establishedListeners, gqlData } from "./support/graphql-client.js";
import { startApp, type TestApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN } from "./support/server-process.js";

const skipReason = browserSkipReason();
if (skipReason) console.warn(`test/dashboard.test.ts skipped: ${skipReason}`);
const PAGE_WAIT_MS = 20_000;
const README_SCREENSHOTS = process.env.RUNYARD_README_SCREENSHOTS === "1";

const AppendLogs = graphql(`
  mutation DashboardTestAppendLogs($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted } }
`);
const SetState = graphql(`
  mutation DashboardTestSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { version } }
`);
const CreateOperatorToken = graphql(`
  mutation DashboardTestOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token apiToken { id } } }
`);
const RevokeToken = graphql(`
  mutation DashboardTestRevoke($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { revokedAt } }
`);
const Finish = graphql(`
  mutation DashboardTestFinish($input: FinishRunInput!) { finishRun(input: $input) { status } }
`);
const Beat = graphql(`
  mutation DashboardTestHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }
`);

let db: TestDatabase;
let server: TestApp;
let browser: TestBrowser;
let builder: Agent;
let other: Agent;
let target: { issueId: string; environmentId: string };
let companyId: string;
/** The builder's QUEUED run the agent-token test leaves behind. */
let ownQueued: string;

interface DashboardPage extends LoopbackPage {
  /** Console errors and uncaught exceptions of the page. */
  problems: string[];
}

async function openDashboard(): Promise<DashboardPage> {
  const opened = await loopbackPage(browser.browser);
  const problems: string[] = [];
  opened.page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  opened.page.on("pageerror", (error) => problems.push(`pageerror: ${error instanceof Error ? error.message : String(error)}`));
  await opened.page.goto(`${server.url}/`, { waitUntil: "load", timeout: PAGE_WAIT_MS });
  return { ...opened, problems };
}

/** Types the token into the sign-in form and submits it. */
async function submitToken(page: Page, token: string): Promise<void> {
  await page.waitForSelector("#token", { timeout: PAGE_WAIT_MS });
  await page.type("#token", token);
  await page.click("button[type=submit]");
}

/**
 * Signs in and waits until the page's companyEvents subscription is live on the server (its pubsub
 * listener established), so an event published after this reaches the page.
 */
async function signIn(token: string): Promise<DashboardPage> {
  const before = (await establishedListeners(`${server.url}/healthz`)) ?? 0;
  const opened = await openDashboard();
  await submitToken(opened.page, token);
  await opened.page.waitForSelector("nav[aria-label=Pages]", { timeout: PAGE_WAIT_MS });
  await waitForListeners(before + 1);
  return opened;
}

async function waitForListeners(count: number): Promise<void> {
  await vi.waitFor(
    async () => {
      if (((await establishedListeners(`${server.url}/healthz`)) ?? 0) < count) throw new Error(`fewer than ${count} subscriptions live on the server`);
    },
    { timeout: PAGE_WAIT_MS, interval: 25 },
  );
}

async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element) => (element as HTMLElement).innerText);
}

/** The README's copy of a screenshot (only with RUNYARD_README_SCREENSHOTS=1): the viewport, not the whole page. */
async function readmeScreenshot(page: Page, name: string): Promise<void> {
  if (!README_SCREENSHOTS) return;
  const dir = path.join(REPO_ROOT, "docs/screenshots");
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) as `${string}.png` });
}

/**
 * For the README's screenshots only: a few more runs of the other agent, ended (so no slot stays
 * held), that make the runs page look like a company's day.
 */
async function moreRunsForReadme(): Promise<void> {
  if (!README_SCREENSHOTS) return;
  for (const [title, status, exitCode] of [
    ["Upgrade the date library", "SUCCEEDED", 0],
    ["Flaky checkout test", "FAILED", 1],
    ["Translate the settings page", "SUCCEEDED", 0],
  ] as const) {
    const issueId = await createIssue(server.url, companyId, title);
    const run = await startRun(server.url, other, { issueId, environmentId: target.environmentId });
    await claimRun(server.url, other.token, run.id, { runnerId: "box-2", pid: 5150 });
    await gqlData(server.url, other.token, Beat, { input: { runId: run.id, pid: 5150, usage: { inputTokens: 8000, outputTokens: 2100, costCents: 7.25 } } });
    await gqlData(server.url, other.token, Finish, { input: { runId: run.id, status, exitCode } });
  }
}

function expectClean({ problems, offLoopback }: DashboardPage): void {
  expect(problems).toEqual([]);
  expect(offLoopback).toEqual([]);
}

describe.skipIf(skipReason !== undefined)(skipReason ? `dashboard (skipped: ${skipReason})` : "dashboard", () => {
  beforeAll(async () => {
    if (!existsSync(path.join(DASHBOARD_DIST, "index.html"))) throw new Error(`no dashboard build in ${DASHBOARD_DIST}: run npm run build:dashboard`);
    browser = await launchBrowser();
    db = await createTestDatabase();
    server = await startApp({ databaseUrl: db.url });
    const seed = await seedCompany(server.url, {
      company: "Acme",
      agents: ["builder", "reviewer"],
      issue: "Fix the login form",
      environment: { name: "sandbox", capacity: 3 },
    });
    companyId = seed.companyId;
    [builder, other] = seed.agents as [Agent, Agent];
    target = { issueId: seed.issueId, environmentId: seed.environmentId };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.drop();
  });

  it("a bad token is refused on the sign-in page, with the server's reason", async () => {
    const opened = await openDashboard();
    await submitToken(opened.page, "ry_op_this-is-not-a-token");
    await opened.page.waitForSelector("[role=alert]", { timeout: PAGE_WAIT_MS });
    expect(await textOf(opened.page, "[role=alert]")).toContain("the server refused this token: invalid or revoked token");
    expect(await opened.page.$("nav[aria-label=Pages]")).toBeNull();
    expect(await opened.page.evaluate(() => sessionStorage.length)).toBe(0);
    await saveScreenshot(opened.page, "dashboard-refused");
    expect(opened.offLoopback).toEqual([]);
    await opened.page.close();
  });

  it("signs in with the admin token; a run started through the API appears on the runs page within 2 s, without a reload", async () => {
    await moreRunsForReadme();
    const opened = await signIn(TEST_ADMIN_TOKEN);
    const { page } = opened;
    // The token is in sessionStorage, never in the URL.
    expect(page.url()).not.toContain(TEST_ADMIN_TOKEN);
    expect(await page.evaluate(() => sessionStorage.getItem("runyard.token"))).toBe(TEST_ADMIN_TOKEN);
    await page.waitForSelector("table.runs", { timeout: PAGE_WAIT_MS });
    const loads = await page.evaluate(() => performance.getEntriesByType("navigation").length);

    const startedAt = Date.now();
    const run = await startRun(server.url, builder, target);
    await page.waitForSelector(`tr[data-run-id="${run.id}"]`, { timeout: 2_000 });
    const elapsed = Date.now() - startedAt;
    console.log(`[dashboard] a started run appeared on the runs page after ${elapsed} ms`);
    const row = await textOf(page, `tr[data-run-id="${run.id}"]`);
    expect(row).toContain("QUEUED");
    expect(row).toContain("builder");
    expect(row).toContain("Fix the login form");
    expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(loads);

    // Claimed through the API: the same row turns RUNNING, live.
    await claimRun(server.url, builder.token, run.id, { runnerId: "test-runner", pid: 4242 });
    await page.waitForFunction((id) => document.querySelector(`tr[data-run-id="${id}"]`)?.textContent?.includes("RUNNING"), { timeout: 2_000 }, run.id);
    await saveScreenshot(page, "dashboard-runs");
    await readmeScreenshot(page, "runs");
    expectClean(opened);
    await page.close();
  });

  it("a log line appended through the API appears on the run page, and heartbeat state in its runtime state", async () => {
    const { id: runId } = (await gqlData<{ runs: { edges: Array<{ node: { id: string } }> } }>(
      server.url,
      TEST_ADMIN_TOKEN,
      `query($companyId: ID!) { runs(companyId: $companyId, status: RUNNING, first: 1) { edges { node { id } } } }`,
      { companyId },
    )).runs.edges[0]!.node;
    const opened = await signIn(TEST_ADMIN_TOKEN);
    const { page } = opened;
    const live = (await establishedListeners(`${server.url}/healthz`)) ?? 0;
    await page.evaluate((id) => (location.hash = `#/runs/${encodeURIComponent(id)}`), runId);
    await page.waitForSelector("#log-title", { timeout: PAGE_WAIT_MS });
    await waitForListeners(live + 1); // the page's runLogs subscription, on the same socket

    const line = `compiling src/login.ts (${Date.now()})`;
    await gqlData(server.url, builder.token, AppendLogs, {
      input: { runId, chunks: [{ seq: 0, stream: "STDOUT", text: "cloning acme/web" }, { seq: 1, stream: "STDOUT", text: line }] },
    });
    await page.waitForFunction((text) => document.querySelector(".log-box")?.textContent?.includes(text), { timeout: 5_000 }, line);
    if (README_SCREENSHOTS) {
      const more = ["tsc: 0 errors", "vitest: 48 passed, 0 failed", "committing: fix the login form's validation"];
      await gqlData(server.url, builder.token, AppendLogs, { input: { runId, chunks: more.map((text, i) => ({ seq: 2 + i, stream: "STDOUT" as const, text })) } });
      await page.waitForFunction((text) => document.querySelector(".log-box")?.textContent?.includes(text), { timeout: 5_000 }, more.at(-1)!);
    }
    await gqlData(server.url, builder.token, Beat, { input: { runId, pid: 4242, state: [{ key: "step", value: "tests" }], usage: { inputTokens: 1200, outputTokens: 340, costCents: 4.5 } } });
    await page.waitForFunction(() => document.querySelector("[aria-labelledby=state-title]")?.textContent?.includes('"tests"'), { timeout: 5_000 });
    // A runtime-state write arrives whole on the company's subscription (RuntimeStateChange).
    await gqlData(server.url, builder.token, SetState, { input: { runId, key: "branch", value: "fix/login-form" } });
    await page.waitForFunction(() => document.querySelector("[aria-labelledby=state-title]")?.textContent?.includes('"fix/login-form"'), { timeout: 2_000 });
    expect(await textOf(page, "#run-title")).toContain("RUNNING");
    expect(await textOf(page, "[aria-labelledby=leases-title]")).toMatch(/sandbox · \d/);
    // Operators and the admin may cancel.
    expect(await page.$("button.danger")).not.toBeNull();
    await saveScreenshot(page, "dashboard-run");
    await readmeScreenshot(page, "run");
    expectClean(opened);
    await page.close();
  });

  it("the environments page shows the held slot with its run and fencing token", async () => {
    const opened = await signIn(TEST_ADMIN_TOKEN);
    const { page } = opened;
    await page.evaluate(() => (location.hash = "#/environments"));
    try {
      await page.waitForSelector(".slot.held", { timeout: PAGE_WAIT_MS });
    } finally {
      await saveScreenshot(page, "dashboard-environments");
    }
    const slot = await textOf(page, ".slot.held");
    expect(slot).toContain("builder · Fix the login form");
    expect(slot).toMatch(/token \d+ · expires in/);
    expect(await page.$$eval(".slot.free", (cells) => cells.length)).toBe(2);
    expectClean(opened);
    await page.close();
  });

  it("the agents and providers pages show RUNNING against maxConcurrentRuns and the local provider's health", async () => {
    const opened = await signIn(TEST_ADMIN_TOKEN);
    const { page } = opened;
    await page.evaluate(() => (location.hash = "#/agents"));
    await page.waitForFunction(() => document.querySelector("main table tbody")?.textContent?.includes("builder"), { timeout: PAGE_WAIT_MS });
    const builderRow = await page.$$eval("main table tbody tr", (rows) => rows.map((row) => row.textContent ?? "").find((text) => text.startsWith("builder")));
    expect(builderRow).toContain("1 / 1");
    expect(builderRow).toContain("no budget");
    // By keyboard: Tab reaches the navigation's links (focus visible), Enter follows one.
    await page.focus("nav[aria-label=Pages] a[href='#/environments']");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("href"))).toBe("#/providers");
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe("solid");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("main table tbody")?.textContent?.includes("local"), { timeout: PAGE_WAIT_MS });
    const local = await textOf(page, "main table tbody tr");
    expect(local).toContain("READY");
    expect(local).toContain("HEALTHY");
    expect(local).toContain("closed");
    await saveScreenshot(page, "dashboard-providers");
    // A narrow window: the page reflows instead of scrolling sideways (wide tables scroll in their box).
    await page.setViewport({ width: 400, height: 800 });
    await page.evaluate(() => (location.hash = "#/runs"));
    await page.waitForSelector("tr[data-run-id]", { timeout: PAGE_WAIT_MS });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    expect(await page.$eval("nav[aria-label=Pages]", (nav) => nav.getBoundingClientRect().width)).toBeGreaterThan(0);
    await saveScreenshot(page, "dashboard-narrow");
    expectClean(opened);
    await page.close();
  });

  it("an agent token sees only its own runs", async () => {
    const otherIssue = await createIssue(server.url, companyId, "Review the release notes");
    const others = await startRun(server.url, other, { issueId: otherIssue, environmentId: target.environmentId });
    const opened = await signIn(builder.token);
    const { page } = opened;
    await page.waitForSelector("tr[data-run-id]", { timeout: PAGE_WAIT_MS });
    const shown = await page.$$eval("tr[data-run-id]", (rows) => rows.map((row) => row.textContent ?? ""));
    expect(shown.length).toBeGreaterThan(0);
    for (const row of shown) expect(row).toContain("builder");
    expect(await page.$(`tr[data-run-id="${others.id}"]`)).toBeNull();
    expect(await textOf(page, ".kind")).toContain("AGENT · builder");
    // A run of the other agent queued now does not appear either; one of its own does.
    const otherAgain = await startRun(server.url, other, target);
    const own = await startRun(server.url, builder, { issueId: otherIssue, environmentId: target.environmentId });
    await page.waitForSelector(`tr[data-run-id="${own.id}"]`, { timeout: 2_000 });
    expect(await page.$(`tr[data-run-id="${otherAgain.id}"]`)).toBeNull();
    // It waits: its agent already runs maxConcurrentRuns (1), as queuedRuns' blockedBy says.
    await page.waitForFunction((id) => document.querySelector(`tr[data-run-id="${id}"]`)?.textContent?.includes("agent at maxConcurrentRuns"), { timeout: 5_000 }, own.id);
    ownQueued = own.id;
    // Agent tokens only read: no cancel button on a run page.
    await page.evaluate((id) => (location.hash = `#/runs/${encodeURIComponent(id)}`), own.id);
    await page.waitForSelector("#run-title", { timeout: PAGE_WAIT_MS });
    expect(await page.$("button.danger")).toBeNull();
    await saveScreenshot(page, "dashboard-agent-token");
    expectClean(opened);
    await page.close();
  });

  it("the run page's Cancel run cancels a queued run, live, and Run again queues another and opens it", async () => {
    const opened = await signIn(TEST_ADMIN_TOKEN);
    const { page } = opened;
    await page.evaluate((id) => (location.hash = `#/runs/${encodeURIComponent(id)}`), ownQueued);
    await page.waitForSelector("button.danger", { timeout: PAGE_WAIT_MS });
    await page.click("button.danger");
    await page.waitForFunction(() => document.querySelector("#run-title")?.textContent?.includes("CANCELLED"), { timeout: 5_000 });
    expect(await page.$("button.danger")).toBeNull();
    const [runAgain] = await page.$$("xpath/.//button[contains(., 'Run again')]");
    await runAgain!.click();
    await page.waitForFunction((id) => location.hash.startsWith("#/runs/") && !location.hash.includes(encodeURIComponent(id)), { timeout: 5_000 }, ownQueued);
    await page.waitForFunction(() => document.querySelector("#run-title")?.textContent?.includes("QUEUED"), { timeout: 5_000 });
    expect(await textOf(page, "[aria-labelledby=timeline-title]")).toContain("(rerun)");
    expectClean(opened);
    await page.close();
  });

  it("an operator token revoked while signed in: the socket closes with 4403 and the page is back at sign-in, saying why", async () => {
    const { createOperatorToken } = await gqlData(server.url, TEST_ADMIN_TOKEN, CreateOperatorToken, { input: { companyId, name: "dashboard-ops" } });
    const opened = await signIn(createOperatorToken.token);
    const { page } = opened;
    await page.waitForSelector("table.runs", { timeout: PAGE_WAIT_MS });
    await gqlData(server.url, TEST_ADMIN_TOKEN, RevokeToken, { input: { id: createOperatorToken.apiToken.id } });
    await page.waitForSelector("#token", { timeout: 10_000 });
    // The socket's 4403, or a request's 401 when one went out first: either way refused, and said so.
    expect(await textOf(page, "[role=alert]")).toMatch(/4403|invalid or revoked token/);
    expect(await page.evaluate(() => sessionStorage.getItem("runyard.token"))).toBeNull();
    await saveScreenshot(page, "dashboard-revoked");
    expect(opened.offLoopback).toEqual([]);
    await page.close();
  });

  it("at 1,000 runs: the first page of 50 and the count, the next page, and a heartbeat changes its row's DOM alone", async () => {
    const bulk = await seedCompany(server.url, { company: "Bulk", agents: ["bulk"], issue: "live one", environment: { name: "bulk-env", capacity: 1 } });
    const [agent] = bulk.agents as [Agent];
    // 1,000 ended runs, older than the live one, written straight to the tables (the API would take a while).
    const { db } = server.app.runtime;
    const local = (id: string) => decodeGlobalID(id).id;
    const rows = Array.from({ length: 1_000 }, (_, i) => ({ i, issueId: randomUUID(), workspaceId: randomUUID(), runId: randomUUID() }));
    const [company, agentRow, environment] = [local(bulk.companyId), local(agent.id), local(bulk.environmentId)];
    await db.issue.createMany({ data: rows.map(({ i, issueId }) => ({ id: issueId, companyId: company, title: `bulk issue ${i}` })) });
    await db.workspace.createMany({ data: rows.map(({ issueId, workspaceId }) => ({ id: workspaceId, companyId: company, issueId, config: {} })) });
    const now = Date.now();
    await db.run.createMany({
      data: rows.map(({ i, issueId, workspaceId, runId }) => ({
        id: runId,
        companyId: company,
        agentId: agentRow,
        issueId,
        environmentId: environment,
        workspaceId,
        status: i % 7 === 0 ? ("FAILED" as const) : ("SUCCEEDED" as const),
        createdAt: new Date(now - 60_000 - i * 1000),
        finishedAt: new Date(now - 30_000 - i * 1000),
      })),
    });
    const live = await startRun(server.url, agent, { issueId: bulk.issueId, environmentId: bulk.environmentId });
    await claimRun(server.url, agent.token, live.id, { runnerId: "bulk-runner", pid: 99 });

    const opened = await signIn(TEST_ADMIN_TOKEN);
    const { page } = opened;
    const listening = (await establishedListeners(`${server.url}/healthz`)) ?? 0;
    const shownAt = Date.now();
    await page.select("header select", bulk.companyId);
    await page.waitForFunction(() => document.querySelector(".count")?.textContent === "1001 runs", { timeout: PAGE_WAIT_MS });
    await page.waitForSelector(`tr[data-run-id="${live.id}"]`, { timeout: PAGE_WAIT_MS });
    console.log(`[dashboard] 1,001 runs: the first page shown ${Date.now() - shownAt} ms after choosing the company`);
    expect(await page.$$eval("tr[data-run-id]", (r) => r.length)).toBe(50);
    // The page's companyEvents subscription is now the new company's.
    await waitForListeners(listening + 1);

    // Which rows' DOM changes (relative times ticking aside) when the live run heartbeats.
    await page.evaluate(() => {
      const touched = new Set<string>();
      (window as unknown as { touched: Set<string> }).touched = touched;
      new MutationObserver((mutations) => {
        for (const m of mutations) {
          const node = m.target instanceof Element ? m.target : m.target.parentElement;
          if (!node || node.closest("time")) continue;
          const row = node.closest("tr[data-run-id]");
          if (row) touched.add(row.getAttribute("data-run-id")!);
        }
      }).observe(document.querySelector("table.runs")!, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const beatAt = Date.now();
    await gqlData(server.url, agent.token, Beat, { input: { runId: live.id, pid: 99, usage: { inputTokens: 10, outputTokens: 5, costCents: 12.5 } } });
    await page.waitForFunction((id) => document.querySelector(`tr[data-run-id="${id}"]`)?.textContent?.includes("$0.1250"), { timeout: 2_000 }, live.id);
    console.log(`[dashboard] 1,001 runs: a heartbeat's usage on its row after ${Date.now() - beatAt} ms`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await page.evaluate(() => [...(window as unknown as { touched: Set<string> }).touched])).toEqual([live.id]);

    // The next page: older runs, none of the first page's.
    const first = await page.$$eval("tr[data-run-id]", (r) => r.map((row) => row.getAttribute("data-run-id")));
    await page.click("nav[aria-label='Pages of runs'] button:last-of-type");
    await page.waitForFunction(() => document.querySelector(".pager span")?.textContent === "Page 2", { timeout: PAGE_WAIT_MS });
    await page.waitForFunction((firstId) => !document.querySelector(`tr[data-run-id="${firstId}"]`), { timeout: PAGE_WAIT_MS }, first[0]!);
    const second = await page.$$eval("tr[data-run-id]", (r) => r.map((row) => row.getAttribute("data-run-id")));
    expect(second).toHaveLength(50);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    await saveScreenshot(page, "dashboard-1000-runs");
    expectClean(opened);
    await page.close();
  });
});
