// The dashboard's page and assets (dashboard/dist, built by `npm run build:dashboard` at install) at
// GET /. Only files of the build are served: the path must name one exactly (no `..`, no encoded
// characters, no directories), so nothing else on disk can be reached. Hashed assets are cached
// for good; index.html is asked for again each time, so a new build shows on the next load.
import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const DASHBOARD_DIST = fileURLToPath(new URL("../dashboard/dist/", import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

// The page talks to its own origin only (the API and its socket): no other origin may be reached,
// framed into or load scripts.
const PAGE_HEADERS = {
  "content-security-policy": "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

const NOT_BUILT = `The Runyard dashboard is not built: run \`npm run build:dashboard\` (npm install runs it), then reload.
The API is at /graphql.
`;

/** A file name the build writes: letters, digits, `.`, `_`, `-`, under the root or assets/. */
const BUILD_FILE = /^\/(?:assets\/)?[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export type DashboardHandler = (req: IncomingMessage, res: ServerResponse, urlPath: string) => Promise<boolean>;

/**
 * Answers GET and HEAD of `/` and of the build's files; returns false (nothing answered) for any
 * other path or method, which the caller answers as it answers unknown paths (404).
 */
export function dashboardHandler(distDir: string = DASHBOARD_DIST): DashboardHandler {
  return async (req, res, urlPath) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const isPage = urlPath === "/" || urlPath === "/index.html";
    if (!isPage && !BUILD_FILE.test(urlPath)) return false;
    const file = path.join(distDir, isPage ? "index.html" : urlPath.slice(1));
    let body: Buffer;
    try {
      if (!(await stat(file)).isFile()) return false;
      body = await readFile(file);
    } catch {
      if (!isPage) return false;
      res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).end(req.method === "HEAD" ? undefined : NOT_BUILT);
      return true;
    }
    const hashed = urlPath.startsWith("/assets/");
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
      ...(isPage ? PAGE_HEADERS : { "x-content-type-options": "nosniff" }),
    });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}
