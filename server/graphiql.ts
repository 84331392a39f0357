// GraphiQL's page, whole: every script, style and worker inline, so it renders on a machine that
// reaches nothing but the server (yoga's default page loads GraphiQL from a public CDN).
//
// The assets are @graphql-yoga/render-graphiql's, and the page is laid out as its renderGraphiQL
// lays it out, with one difference: our own fetcher. Yoga's sends the Headers pane on HTTP only; its
// graphql-ws client opens with empty connectionParams, which the server refuses (4403), and GraphiQL
// shows nothing but a spinner. Ours sends the pane's Authorization as connectionParams.authorization
// too, and turns a closed socket into an error in the result pane.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { GraphiQLOptions } from "graphql-yoga";

/** What GraphiQL opens with when nothing is stored from an earlier visit. */
export const GRAPHIQL_DEFAULT_QUERY = `# Put your token in the Headers pane: {"Authorization": "Bearer <token>"}
# Queries and mutations send it as the Authorization header,
# subscriptions as graphql-ws connectionParams.authorization.
# Never put a token in this page's URL: the page needs none.
# Run an operation with the play button or Ctrl-Enter; the
# schema (docs, completion) loads again with the button at the
# bottom left once the token is set.

query Companies {
  companies(first: 10) {
    edges { node { id name } }
  }
}

# An agent's runs as they change: set {"agentId": "<id>"} in the
# Variables pane, then start or wake a run.
subscription AgentRunEvents($agentId: ID!) {
  runEvents(agentId: $agentId) { kind status at run { id } }
}
`;

// Runs in the page, after graphql-ws's browser build (the global `graphqlWs`: the client of the
// version the server speaks) and before GraphiQL. GraphiQL calls the fetcher with the Headers pane parsed as JSON and the
// document it parsed; a subscription goes over graphql-ws (one lazy client per token: it holds a
// socket only while one of its subscriptions runs), everything else is a POST.
const fetcher = String.raw`
(() => {
  const endpoint = new URL(location.pathname, location.href).href;
  const clients = new Map();
  function authorizationOf(headers) {
    for (const [name, value] of Object.entries(headers || {})) if (name.toLowerCase() === "authorization") return String(value);
    return "";
  }
  function clientFor(authorization) {
    let client = clients.get(authorization);
    if (!client) {
      client = graphqlWs.createClient({ url: endpoint.replace(/^http/, "ws"), connectionParams: { authorization }, retryAttempts: 0 });
      clients.set(authorization, client);
    }
    return client;
  }
  function describeFailure(reason) {
    if (reason && typeof reason.code === "number") {
      const hint = reason.code === 4403 ? ": the server refused the connection; is the Headers pane's Authorization a valid token?" : "";
      return "the subscription socket closed with " + reason.code + (reason.reason ? " (" + reason.reason + ")" : "") + hint;
    }
    return reason instanceof Error ? reason.message : String(reason);
  }
  function isSubscription(documentAST, operationName) {
    const operations = ((documentAST && documentAST.definitions) || []).filter((d) => d.kind === "OperationDefinition");
    const operation = operationName ? operations.find((o) => o.name && o.name.value === operationName) : operations.length === 1 ? operations[0] : undefined;
    return Boolean(operation) && operation.operation === "subscription";
  }
  async function overHttp(params, headers) {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { accept: "application/graphql-response+json, application/json", "content-type": "application/json", ...headers },
      body: JSON.stringify(params),
    });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: "HTTP " + response.status + ": " + text }] };
    }
  }
  function overWebSocket(params, headers) {
    return {
      subscribe(observer) {
        const unsubscribe = clientFor(authorizationOf(headers)).subscribe(params, {
          next: (result) => observer.next(result),
          error: (reason) => {
            observer.next({ errors: [{ message: describeFailure(reason) }] });
            observer.complete();
          },
          complete: () => observer.complete(),
        });
        return { unsubscribe };
      },
    };
  }
  window.runyardFetcher = (params, options) =>
    isSubscription(options && options.documentAST, params.operationName) ? overWebSocket(params, options && options.headers) : overHttp(params, options && options.headers);
})();
`;

/** JSON inside a <script>: no `</script>` or `<!--` can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

interface PageParts {
  head: string;
  scripts: string;
}

/** The page around the options (~10 MB, ~0.3 s to load): read on the first visit, not at start-up. */
async function loadPageParts(): Promise<PageParts> {
  const { css, editorWorkerService, favicon, graphqlWorker, js, jsonWorker } = await import("@graphql-yoga/render-graphiql/graphiql");
  const graphqlWsClient = await readFile(path.join(path.dirname(createRequire(import.meta.url).resolve("graphql-ws/package.json")), "umd/graphql-ws.min.js"), "utf8");
  return {
    head: `<link rel="icon" href="${favicon}" />
    <style>
      ${css}
    </style>`,
    scripts: `<script>
      function prepareBlob(workerContent) {
        return URL.createObjectURL(new Blob([workerContent], { type: "application/javascript" }));
      }
      const workers = {
        editorWorkerService: prepareBlob(${scriptJson(editorWorkerService)}),
        json: prepareBlob(${scriptJson(jsonWorker)}),
        graphql: prepareBlob(${scriptJson(graphqlWorker)}),
      };
      self["MonacoEnvironment"] = { globalAPI: false, getWorkerUrl: (moduleId, label) => workers[label] };
    </script>
    <script>${graphqlWsClient}</script>
    <script>${fetcher}</script>
    <script>${js}</script>`,
  };
}

let pageParts: Promise<PageParts> | undefined;

/** yoga's `renderGraphiQL`: the page for the given options (title, defaultQuery, …). */
export async function renderRunyardGraphiQL(options: GraphiQLOptions): Promise<string> {
  // A failed load (a missing file) is not remembered: the next visit tries again.
  const { head, scripts } = await (pageParts ??= loadPageParts().catch((error: unknown) => {
    pageParts = undefined;
    throw error;
  }));
  const title = (options.title ?? "GraphiQL").replace(/[<&]/g, (c) => (c === "<" ? "&lt;" : "&amp;"));
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    ${head}
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    ${scripts}
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector("#root"), { ...${scriptJson(options)}, fetcher: window.runyardFetcher });
    </script>
  </body>
</html>
`;
}
