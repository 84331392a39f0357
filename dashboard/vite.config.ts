// The dashboard's build: `npm run build:dashboard` (run by postinstall) bundles dashboard/src into
// dashboard/dist, which server/dashboard.ts serves at GET /. Everything comes from npm packages: no
// CDN, no font or script fetched at run time.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // Served at the server's root; assets under /assets/ with content hashes (cached as immutable).
  base: "/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true },
  // The dev server (`npx vite dashboard`) proxies the API to a running replica.
  server: { proxy: { "/graphql": { target: "http://127.0.0.1:4000", ws: true } } },
});
