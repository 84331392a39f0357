// The standing fuzz test: every input field of every mutation (read from the schema itself, so a new
// mutation is fuzzed without editing this file) gets every class of hostile value, and the transport
// gets malformed requests. Whatever arrives, the answer is never a 5xx, never INTERNAL, never a stack,
// SQL or a path; the server stays up, the victim tenant's rows stay as they were, and a valid client
// of another tenant heartbeating all along never sees a failure. Deterministic: the seed is printed
// (RUNYARD_FUZZ_SEED=<n> replays a run; the default seed is fixed, so CI runs the same cases).
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLInputField,
  type GraphQLInputType,
} from "graphql";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../schema/index.js";
import { startApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { claimRun, createAgent, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { gql, gqlData } from "./support/graphql-client.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";

const SEED = Number(process.env.RUNYARD_FUZZ_SEED ?? 20261202);
/** Requests in flight at once: enough to interleave poisoned and valid requests, little enough for two cores. */
const CONCURRENCY = 6;
const REQUEST_TIMEOUT_MS = 60_000;

/** mulberry32: a tiny seeded PRNG, so the sampled cases and their order replay from the seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** What must never be in an answer: a stack frame, source or install paths, SQL, the ORM's name. */
const LEAK = /\bat \S+ \(|\bat \/|\.ts:\d|\bSELECT\b|\bINSERT INTO\b|prisma|node_modules|\/work\//i;

// --- the world: a victim tenant, a tenant heartbeating throughout, and the attacker's own tenant ---

interface Tenant {
  companyId: string;
  agent: Agent;
  operatorToken: string;
  /** Real global ids of the tenant's rows, by type. */
  ids: Record<string, string>;
}

let db: TestDatabase;
let server: TestServer;
let url: string;
let victim: Tenant;
let beating: Tenant;
let attacker: Tenant;

const CreateOperatorToken = `mutation ($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { apiToken { id } token } }`;

/** A company with an agent, an issue, an environment, an operator token and a RUNNING run with its lease. */
async function seedTenant(company: string, heartbeatTimeoutSeconds: number): Promise<Tenant> {
  const seed = await seedCompany(url, { company, agents: [], issue: "fuzzed", environment: { capacity: 4 } });
  const agent = await createAgent(url, seed.companyId, { name: "target", heartbeatTimeoutSeconds });
  const operator = await gqlData<{ createOperatorToken: { apiToken: { id: string }; token: string } }>(url, TEST_ADMIN_TOKEN, CreateOperatorToken, {
    input: { companyId: seed.companyId, name: "ops" },
  });
  const run = await startRun(url, agent, seed);
  const claim = await claimRun(url, agent.token, run.id, { runnerId: `${company}-runner`, pid: 4242 });
  return {
    companyId: seed.companyId,
    agent,
    operatorToken: operator.createOperatorToken.token,
    ids: {
      Company: seed.companyId,
      Agent: agent.id,
      ApiToken: operator.createOperatorToken.apiToken.id,
      Issue: seed.issueId,
      Environment: seed.environmentId,
      Workspace: run.workspace.id,
      Run: run.id,
      Lease: claim.lease.id,
    },
  };
}

/**
 * Per table, the victim's rows (found through `companyId`, or the run or environment they belong
 * to): their count and a digest of their content, so a changed row shows as well as a new one.
 */
async function victimRows(): Promise<Record<string, { rows: number; digest: string }>> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const tables = new Map<string, Set<string>>();
    for (const { table_name, column_name } of columns) (tables.get(table_name) ?? tables.set(table_name, new Set()).get(table_name)!).add(column_name);
    const result: Record<string, { rows: number; digest: string }> = {};
    for (const [table, cols] of [...tables].sort(([a], [b]) => a.localeCompare(b))) {
      const owned =
        table === "Company"
          ? `t.id = $1`
          : cols.has("companyId")
            ? `t."companyId" = $1`
            : cols.has("runId")
              ? `t."runId" IN (SELECT id FROM "Run" WHERE "companyId" = $1)`
              : cols.has("environmentId")
                ? `t."environmentId" IN (SELECT id FROM "Environment" WHERE "companyId" = $1)`
                : null;
      if (!owned) continue;
      const { rows } = await client.query<{ rows: string; digest: string | null }>(
        `SELECT count(*) AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM "${table}" t WHERE ${owned}`,
        [Buffer.from(victim.companyId, "base64").toString().split(":")[1]],
      );
      result[table] = { rows: Number(rows[0]!.rows), digest: rows[0]!.digest ?? "" };
    }
    return result;
  } finally {
    await client.end();
  }
}

// --- the cases, derived from the schema ---

/** One input field of a mutation, at its path in `input` (`state.0.value` for a list of objects). */
interface FuzzField {
  mutation: string;
  path: string[];
  field: GraphQLInputField;
}

function inputFields(mutation: string, type: GraphQLInputType, prefix: string[]): FuzzField[] {
  const named = getNamedType(type);
  if (!isInputObjectType(named)) return [];
  return Object.values(named.getFields()).flatMap((field) => {
    const path = [...prefix, field.name];
    const nested = inputFields(mutation, field.type, isList(field.type) ? [...path, "0"] : path);
    return [{ mutation, path, field }, ...nested];
  });
}

function isList(type: GraphQLInputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** The type names a global-ID input accepts (the Relay plugin records them on the field), or null. */
function idTypes(field: GraphQLInputField): string[] | null {
  const ext = field.extensions as { isRelayGlobalID?: boolean; relayGlobalIDFor?: Array<{ typename: string }> | null };
  if (!ext.isRelayGlobalID) return null;
  return ext.relayGlobalIDFor?.map(({ typename }) => typename) ?? Object.keys(attacker.ids); // null: any node type
}

/**
 * A valid-looking value of the type, with the attacker's own rows for ids, so the field under fuzz is
 * the only thing wrong. Optional fields are given too: a call that reached another tenant's row
 * would then change it, where one with the id alone might be a no-op (updateIssue without a title).
 */
function baseValue(type: GraphQLInputType, field: GraphQLInputField | null): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [baseValue(inner.ofType, field)];
  if (isInputObjectType(inner)) {
    const object: Record<string, unknown> = {};
    for (const child of Object.values(inner.getFields())) object[child.name] = baseValue(child.type, child);
    return object;
  }
  if (isEnumType(inner)) return inner.getValues()[0]!.value;
  const types = field && idTypes(field);
  if (types) return attacker.ids[types[0]!] ?? attacker.ids.Run;
  switch (inner.name) {
    case "String":
      return "local"; // a valid name, title, key, runner id and the built-in provider's key
    case "Int":
    case "Float":
      return 1;
    case "Boolean":
      return true;
    default:
      return {};
  }
}

/** The type of `key` in a value of `type`: a list's item, an input object's field. */
function innerType(type: GraphQLInputType, key: string): GraphQLInputType {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return inner.ofType as GraphQLInputType;
  if (isInputObjectType(inner)) return inner.getFields()[key]!.type;
  return inner;
}

/**
 * `base` with `value` at `path`; an optional input object (or list of them) on the way is filled in
 * with its own base value, so the value reaches its field beside valid siblings.
 */
function withValue(args: Record<string, unknown>, argType: GraphQLInputType, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(args);
  let holder: Record<string, unknown> = copy;
  let holderType: GraphQLInputType | null = null; // the arguments themselves have no input type
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      holder[key] = value;
      break;
    }
    const childType: GraphQLInputType = holderType ? innerType(holderType, key) : argType;
    holder[key] ??= baseValue(childType, null);
    holder = holder[key] as Record<string, unknown>;
    holderType = childType;
  }
  return copy;
}

function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

const MEGABYTE = "x".repeat(1 << 20);

/** The classes of hostile value; each field gets a value of every class. Ids are filled in per field. */
function hostileClasses(field: GraphQLInputField): Record<string, unknown[]> {
  const types = idTypes(field) ?? [];
  const otherTypes = (tenant: Tenant) => Object.entries(tenant.ids).filter(([type]) => !types.includes(type)).map(([, id]) => id);
  const sameTypes = (tenant: Tenant) => Object.entries(tenant.ids).filter(([type]) => types.includes(type)).map(([, id]) => id);
  const otherTenants = [...sameTypes(victim), ...sameTypes(beating), pick(otherTypes(victim))];
  return {
    empty: ["", [], {}, null],
    megabyte: [MEGABYTE],
    nul: ["a\0b", "\0"],
    loneSurrogate: ["\ud800", "x\udc00"],
    huge: [1e308, 2 ** 53 + 1, -1, 2 ** 31 - 1, -(2 ** 31), 0],
    fractional: [0.5, -1.5, 1e-300],
    deepJson: [nested(1000, (v) => [v]), nested(1000, (v) => ({ a: v })), nested(65, (v) => [v])],
    bigJson: [{ blob: "y".repeat(70 * 1024) }, Array.from({ length: 40_000 }, () => 0), Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))],
    wrongTypeId: otherTypes(attacker),
    otherTenantId: otherTenants,
    sqlish: [`'; DROP TABLE "Run"; --`, `1' OR '1'='1`, `$1`, `%_\\`],
    malformedId: [Buffer.from("Run:' OR 1=1 --").toString("base64"), Buffer.from(`Run:${"9".repeat(40)}`).toString("base64"), "!!notbase64!!", "UnVuOg=="],
    typeConfusion: [true, "1", { id: "x" }, ["a", "b"]],
  };
}

interface FuzzCase {
  label: string;
  send(): Promise<Response>;
}

/** A GraphQL literal of a JSON value: how the same value arrives written into the document. */
function literal(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(literal).join(",")}]`;
  if (typeof value === "object") return `{${Object.entries(value as object).map(([k, v]) => `${/^[_A-Za-z][_0-9A-Za-z]*$/.test(k) ? k : "_"}:${literal(v)}`).join(",")}}`;
  return JSON.stringify(value);
}

function post(body: string, token: string | null, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
}

/**
 * Every (field, class) pair, with one value of the class picked by the PRNG (and, for a sixth of
 * them, a second one written as a literal in the document instead of a variable), sent with a token
 * of the attacker's tenant; the admin token only when the value is no other tenant's id (the admin
 * may act on every tenant, so that would be a valid call).
 */
function mutationCases(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const [mutation, definition] of Object.entries(schema.getMutationType()!.getFields())) {
    for (const arg of definition.args) {
      const base = { [arg.name]: baseValue(arg.type, null) };
      const variableType = arg.type.toString();
      const fields: FuzzField[] = [{ mutation, path: [arg.name], field: arg as unknown as GraphQLInputField }, ...inputFields(mutation, arg.type, [arg.name])];
      for (const fuzzField of fields) {
        for (const [kind, values] of Object.entries(hostileClasses(fuzzField.field))) {
          const tokens = kind === "otherTenantId" ? [attacker.agent.token, attacker.operatorToken] : [attacker.agent.token, attacker.operatorToken, TEST_ADMIN_TOKEN];
          // Every other tenant's id of the field's type is tried (those are what isolation is about);
          // of the other classes, one value picked by the PRNG.
          const sent = kind === "otherTenantId" ? values : [pick(values)];
          const variants = sent.flatMap((value) => (random() < 1 / 6 ? ["variables", "literal"] : ["variables"]).map((channel) => ({ value, channel })));
          for (const { value, channel } of variants) {
            const token = pick(tokens);
            const args = withValue(base, arg.type, fuzzField.path, value);
            const label = `${mutation} ${fuzzField.path.join(".")} ← ${kind} (${preview(value)}) via ${channel}, token ${token === TEST_ADMIN_TOKEN ? "admin" : token === attacker.operatorToken ? "operator" : "agent"}`;
            cases.push({
              label,
              send: () =>
                channel === "variables"
                  ? post(JSON.stringify({ query: `mutation ($${arg.name}: ${variableType}) { ${mutation}(${arg.name}: $${arg.name}) { __typename } }`, variables: args }), token)
                  : post(JSON.stringify({ query: `mutation { ${mutation}(${arg.name}: ${literal(args[arg.name])}) { __typename } }` }), token),
            });
          }
        }
      }
    }
  }
  return cases;
}

function preview(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}… ${text.length} chars` : text;
}

/** Malformed transports: bodies, content types, batches, sizes, deep documents, alias floods, GET, Authorization. */
function transportCases(): FuzzCase[] {
  const token = attacker.operatorToken;
  const raw = (label: string, body: string | undefined, headers: Record<string, string>, method = "POST", path = "/graphql"): FuzzCase => ({
    label,
    send: () => fetch(`${url}${path}`, { method, headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
  });
  const auth = { authorization: `Bearer ${token}` };
  const json = { "content-type": "application/json", ...auth };
  const get = (query: string, variables: string, headers: Record<string, string> = {}) =>
    raw(`GET variables ${preview(variables)}`, undefined, { ...auth, ...headers }, "GET", `/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(variables)}`);
  const typename = JSON.stringify({ query: "{ __typename }" });
  return [
    raw("bad JSON body", `{"query": "{ __typename }"`, json),
    raw("empty body", "", json),
    raw("JSON null body", "null", json),
    raw("JSON string body", `"{ __typename }"`, json),
    raw("query is a number", JSON.stringify({ query: 1 }), json),
    raw("variables is a string", JSON.stringify({ query: "query ($a: Int) { __typename }", variables: "abc" }), json),
    raw("variables is an array", JSON.stringify({ query: "query ($a: Int) { __typename }", variables: [1] }), json),
    raw("extensions is a number", JSON.stringify({ query: "{ __typename }", extensions: 5 }), json),
    raw("unknown operationName", JSON.stringify({ query: "query A { __typename } query B { __typename }", operationName: "C" }), json),
    raw("two operations, no name", JSON.stringify({ query: "query A { __typename } query B { __typename }" }), json),
    raw("NUL in the document", JSON.stringify({ query: "{ __typename \0 }" }), json),
    raw("lone surrogate in a document string", JSON.stringify({ query: `{ node(id: "\ud800") { id } }` }), json),
    raw("text/plain", typename, { "content-type": "text/plain", ...auth }),
    raw("application/xml", "<query/>", { "content-type": "application/xml", ...auth }),
    raw("form", "query=%7B__typename%7D&variables=%7Bbad", { "content-type": "application/x-www-form-urlencoded", "x-graphql-yoga-csrf": "1", ...auth }),
    raw("multipart garbage", "--b\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{bad\r\n--b--", { "content-type": "multipart/form-data; boundary=b", "x-graphql-yoga-csrf": "1", ...auth }),
    raw("no content type", typename, auth),
    raw("charset nonsense", typename, { "content-type": "application/json; charset=klingon", ...auth }),
    raw("batched array", JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]), json),
    raw("10 MB body", JSON.stringify({ query: "{ __typename }", variables: { pad: "z".repeat(10 * 1024 * 1024) } }), json),
    raw("10 MB document", JSON.stringify({ query: `{ __typename } #${"z".repeat(10 * 1024 * 1024)}` }), json),
    raw("deep selection", JSON.stringify({ query: `{ ${"node(id: \"x\") { ... on Company { agents { edges { node { company { ".repeat(200)}` }), json),
    raw("deep brackets", JSON.stringify({ query: `{ __typename(a: ${"[".repeat(5000)}1${"]".repeat(5000)}) }` }), json),
    raw("deep variables", `{"query":"mutation ($v: JSON!) { setRuntimeState(input: { runId: \\"${attacker.ids.Run}\\", key: \\"k\\", value: $v }) { key } }","variables":{"v":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`, json),
    raw("alias flood", JSON.stringify({ query: `{ ${Array.from({ length: 5000 }, (_, i) => `a${i}: node(id: "${victim.ids.Run}") { id }`).join(" ")} }` }), json),
    raw("__typename alias flood", JSON.stringify({ query: `{ ${Array.from({ length: 20_000 }, (_, i) => `a${i}: __typename`).join(" ")} }` }), json),
    raw("fragment cycle", JSON.stringify({ query: "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }" }), json),
    raw("directive flood", JSON.stringify({ query: `{ __typename ${"@include(if: true) ".repeat(1000)}}` }), json),
    raw("subscription over POST, JSON", JSON.stringify({ query: `subscription { runEvents(runId: "${attacker.ids.Run}") { __typename } }` }), { ...json, accept: "application/json" }),
    raw("subscription over POST, event stream", JSON.stringify({ query: `subscription { runEvents(runId: "${attacker.ids.Run}") { __typename } }` }), { ...json, accept: "text/event-stream" }),
    get("query ($a: Int) { __typename }", "{bad", { "x-graphql-yoga-csrf": "1" }),
    get("query ($a: Int) { __typename }", "{bad"),
    get("query ($a: JSON) { __typename }", `{"a":${"[".repeat(10_000)}${"]".repeat(10_000)}}`, { "x-graphql-yoga-csrf": "1" }),
    get(`mutation { createCompany(input: { name: "via GET" }) { id } }`, "{}", { "x-graphql-yoga-csrf": "1" }),
    raw("PUT", typename, json, "PUT"),
    raw("DELETE", undefined, auth, "DELETE"),
    raw("PATCH", typename, json, "PATCH"),
    raw("unknown path", typename, json, "POST", "/graphql/../../etc/passwd"),
    raw("encoded NUL path", typename, json, "POST", "/graphql%00"),
    raw("no Authorization", typename, { "content-type": "application/json" }),
    raw("Bearer without token", typename, { "content-type": "application/json", authorization: "Bearer" }),
    raw("Bearer garbage", typename, { "content-type": "application/json", authorization: "Bearer x" }),
    raw("Basic", typename, { "content-type": "application/json", authorization: "Basic YWRtaW46YWRtaW4=" }),
    raw("Bearer 64 KB", typename, { "content-type": "application/json", authorization: `Bearer ${"t".repeat(64 * 1024)}` }),
    raw("Bearer latin-1", typename, { "content-type": "application/json", authorization: "Bearer \u00ff\u00fe\u00e9" }),
    raw("Bearer SQL-ish", typename, { "content-type": "application/json", authorization: `Bearer ' OR 1=1; --` }),
    raw("token with a suffix", typename, { "content-type": "application/json", authorization: `Bearer ${token}x` }),
    raw("token twice", typename, { "content-type": "application/json", authorization: `Bearer ${token} ${token}` }),
  ];
}

// --- the checks ---

/** What is wrong with an answer, if anything. */
async function flaw(response: Response): Promise<string | null> {
  const text = await response.text();
  if (response.status >= 500) return `HTTP ${response.status}: ${text.slice(0, 300)}`;
  if (LEAK.test(text)) return `leaks ${JSON.stringify(text.match(LEAK)![0])}: ${text.slice(Math.max(0, text.search(LEAK) - 150), text.search(LEAK) + 150)}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null; // a transport refusal in plain text (404, 405) is fine: no leak, no 5xx
  }
  const errors = (body as { errors?: Array<{ extensions?: { code?: unknown } }> } | null)?.errors ?? [];
  if (errors.some((error) => error.extensions?.code === "INTERNAL")) return `INTERNAL: ${text.slice(0, 300)}`;
  return null;
}

async function runAll(cases: FuzzCase[], failures: string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++) {
      const fuzzCase = cases[i]!;
      try {
        const problem = await flaw(await fuzzCase.send());
        if (problem) failures.push(`${fuzzCase.label}: ${problem}`);
      } catch (error) {
        failures.push(`${fuzzCase.label}: the request failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** Shuffled by the PRNG (Fisher–Yates), so poisoned requests of every kind interleave. */
function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const Heartbeat = `mutation ($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }`;
const SetState = `mutation ($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { version } }`;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startApp({ databaseUrl: db.url });
  url = server.url;
  // The victim's run must not go LOST (which would change its rows) while the fuzz runs.
  [victim, beating, attacker] = await Promise.all([seedTenant("victim", 3600), seedTenant("beating", 600), seedTenant("attacker", 600)]);
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

describe(`fuzz (seed ${SEED})`, () => {
  it("answers every hostile input and transport without a 5xx, INTERNAL or leak, and harms no one", async () => {
    const before = await victimRows();
    const cases = shuffled([...mutationCases(), ...transportCases()]);
    console.log(`fuzz seed ${SEED}: ${cases.length} cases (replay with RUNYARD_FUZZ_SEED=${SEED})`);

    // A valid client of another tenant, all along: heartbeats and runtime state of its RUNNING run.
    let fuzzing = true;
    const heartbeatFailures: string[] = [];
    let beats = 0;
    const heartbeats = (async () => {
      const input = { runId: beating.ids.Run, pid: 4242 };
      while (fuzzing || beats < 2) {
        const [beat, state] = await Promise.all([
          gql(url, beating.agent.token, Heartbeat, { input }),
          gql(url, beating.agent.token, SetState, { input: { runId: beating.ids.Run, key: "fuzz.beat", value: { beats } } }),
        ]);
        for (const answer of [beat, state]) if (answer.errors || !answer.data) heartbeatFailures.push(JSON.stringify(answer));
        beats++;
      }
    })();

    const failures: string[] = [];
    await runAll(cases, failures);
    fuzzing = false;
    await heartbeats;

    const report = (list: string[]) => `seed ${SEED}, ${list.length} of ${cases.length}:\n${list.slice(0, 25).join("\n")}`;
    expect(failures, report(failures)).toEqual([]);
    expect(heartbeatFailures, `seed ${SEED}: a valid heartbeat failed during the fuzz`).toEqual([]);
    expect(beats).toBeGreaterThan(0);

    // Alive, and still answering real queries with the right data.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const alive = await gqlData<{ node: { id: string } | null }>(url, TEST_ADMIN_TOKEN, `query ($id: ID!) { node(id: $id) { id } }`, { id: victim.ids.Run });
    expect(alive.node?.id).toBe(victim.ids.Run);
    const beat = await gqlData<{ heartbeat: { cancelRequested: boolean } }>(url, beating.agent.token, Heartbeat, { input: { runId: beating.ids.Run, pid: 4242 } });
    expect(beat.heartbeat.cancelRequested).toBe(false);

    // The victim's world is exactly as it was: no tenant's call reached it.
    expect(await victimRows()).toEqual(before);
    // About 17 s on a quiet 2-core machine; beside the rest of the suite it gets a third of that.
  }, 300_000); // ~20–40 s alone; a machine loaded by other suites has made it several times slower
});
