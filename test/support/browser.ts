// Headless Chromium for tests of the server's pages (GraphiQL; the dashboard): Debian's chromium
// driven by puppeteer-core, on a page that reaches nothing but loopback. Every request elsewhere is
// refused and remembered, so a test can assert that the page needed none (a CDN script, a font).
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { REPO_ROOT } from "./env.js";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Where browser tests leave their screenshots (gitignored). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, "test-artifacts");

/**
 * Why this machine cannot run browser tests, or undefined when it can. Only a developer's machine
 * without Chromium skips them: in CI (.ci/run installs chromium) a missing browser fails the test.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH) || process.env.CI) return undefined;
  return `no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`;
}

// Flags that work as root in a container: no sandbox (it needs user namespaces), no GPU, and none of
// Chromium's own traffic (updates, sync, field trials) on a machine that may reach nothing.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Chromium headless with a fresh profile, removed on close. */
export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), "runyard-chromium-"));
  const browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, userDataDir, args: CHROMIUM_ARGS });
  return {
    browser,
    async close() {
      await browser.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** A URL that never leaves the machine: loopback, or one the page itself holds (data:, blob:). */
function staysOnLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "data:" || protocol === "blob:") return true;
  return ["http:", "https:", "ws:", "wss:"].includes(protocol) && LOOPBACK_HOSTS.has(hostname);
}

export interface LoopbackPage {
  page: Page;
  /** Every URL off loopback the page tried (refused): requests and WebSockets. */
  offLoopback: string[];
}

/** A new page whose requests off loopback are refused and listed; WebSockets (not interceptable) are listed. */
export async function loopbackPage(browser: Browser): Promise<LoopbackPage> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1600, height: 900 });
  const offLoopback: string[] = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (staysOnLoopback(request.url())) void request.continue();
    else {
      offLoopback.push(request.url());
      void request.abort("internetdisconnected");
    }
  });
  const cdp = await page.createCDPSession();
  await cdp.send("Network.enable");
  cdp.on("Network.webSocketCreated", ({ url }) => {
    if (!staysOnLoopback(url)) offLoopback.push(url);
  });
  return { page, offLoopback };
}

/** Saves a screenshot of the page as ARTIFACTS_DIR/<name>.png; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file as `${string}.png`, fullPage: true });
  return file;
}
