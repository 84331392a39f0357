// What one GraphQL document may ask of a replica, over HTTP and graphql-ws alike (both run yoga's
// envelope): a bounded depth, aliases, tokens and directives (GraphQL Armor's rules, at parse and
// validation), and a bounded cost, reckoned with the page sizes the request really asks for. A
// document over a limit is refused before any resolver runs, with QUERY_TOO_COMPLEX and a message
// naming the limit.
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesPlugin } from "@escape.tech/graphql-armor-max-directives";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import {
  Kind,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type InlineFragmentNode,
  type SelectionNode,
  type GraphQLError,
  type GraphQLSchema,
  type ValueNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import { RunyardError } from "../resolvers/errors.js";
import { CONNECTION_PAGE } from "../schema/builder.js";

/**
 * The limits (README, "Query limits"). The cost is what the answer can hold: 2 an object, 1 a
 * scalar, each connection at its full page. A dashboard's runs page (50 runs, each with its agent,
 * issue, environment, workspace, 10 leases, 50 runtime-state entries and 50 events) has depth 7, no
 * alias, 130 tokens and costs 63,200; test/query-limits.test.ts sends it.
 */
export const QUERY_LIMITS = {
  depth: 12,
  aliases: 20,
  tokens: 2_000,
  directives: 20,
  cost: 100_000,
} as const;

function tooComplex(armorMessage: string): RunyardError {
  // Armor's messages read "Syntax Error: Query depth limit of 12 exceeded, found 15."
  return new RunyardError("QUERY_TOO_COMPLEX", armorMessage.replace(/^Syntax Error: /, ""));
}

// Validation rules report on the document's context; the token count runs inside the parser,
// which has no context and must throw.
const reportTooComplex: GraphQLArmorRejectCallback = (context, error) => {
  if (!context) throw tooComplex(error.message);
  context.reportError(tooComplex(error.message));
};
const refusal = { onReject: [reportTooComplex], propagateOnRejection: false };

/**
 * The document with every connection field's page size written as a literal `first`: the value
 * its `first`/`last` argument or variable holds, clamped to the largest page, or the default page
 * when it names none. Armor's cost rule multiplies by a literal `first` and counts anything else
 * as one row, which a variable or a missing argument would slip under.
 */
function withPageSizes(schema: GraphQLSchema, document: DocumentNode, variable: (name: string) => unknown): DocumentNode {
  const defaults = new Map<string, ValueNode>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      if (variable.defaultValue) defaults.set(variable.variable.name.value, variable.defaultValue);
    }
  }
  const pageSize = (value: ValueNode | undefined): number | null => {
    if (!value) return null;
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind !== Kind.VARIABLE) return null;
    const given = variable(value.name.value);
    if (typeof given === "number") return given;
    const fallback = defaults.get(value.name.value);
    return fallback?.kind === Kind.INT ? Number(fallback.value) : null;
  };
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (!typeInfo.getFieldDef()?.args.some((arg) => arg.name === "first")) return undefined;
        const argument = (name: string) => node.arguments?.find((arg) => arg.name.value === name)?.value;
        // Both read, whatever `first` holds: the variables read are then the document's alone (costErrors' cache key).
        const [first, last] = [pageSize(argument("first")), pageSize(argument("last"))];
        const asked = first ?? last ?? CONNECTION_PAGE.default;
        const page: ArgumentNode = {
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: "first" },
          value: { kind: Kind.INT, value: String(Math.max(0, Math.min(asked, CONNECTION_PAGE.max))) },
        };
        const paged: FieldNode = {
          ...node,
          arguments: [page, ...(node.arguments ?? []).filter((arg) => arg.name.value !== "first" && arg.name.value !== "last")],
        };
        return withCountBeside(paged);
      },
    }),
  );
}

/**
 * What a `totalCount` costs: a count reads every row the connection could list (a company's runs:
 * a scan of its index, 100 ms at a million), while a page reads one page. Priced as a connection
 * of TOTAL_COUNT_ROWS rows, so a request asks for at most a few counts, never one per row of a
 * list (`companies { … runs { totalCount } }` is refused).
 */
const TOTAL_COUNT_ROWS = 5_000;

/**
 * A paged connection that selects totalCount, priced as the page without it beside one count.
 * (Armor multiplies all of a connection's selection by its page size, a count included: inside
 * the connection it would cost one per row.) The priced document is only ever costed, never run.
 */
function withCountBeside(connection: FieldNode): FieldNode | InlineFragmentNode {
  const selections = connection.selectionSet?.selections ?? [];
  const isCount = (selection: SelectionNode) => selection.kind === Kind.FIELD && selection.name.value === "totalCount";
  if (!selections.some(isCount)) return connection;
  const count: FieldNode = {
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: "totalCount" },
    arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: "first" }, value: { kind: Kind.INT, value: String(TOTAL_COUNT_ROWS) } }],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [] },
  };
  const page: FieldNode = { ...connection, selectionSet: { kind: Kind.SELECTION_SET, selections: selections.filter((s) => !isCount(s)) } };
  return { kind: Kind.INLINE_FRAGMENT, selectionSet: { kind: Kind.SELECTION_SET, selections: [page, count] } };
}

/** A document's cost checks: the variables its page sizes read, and the errors per value of them. */
interface CostEntry {
  pageVariables: string[];
  errorsByPages: Map<string, readonly GraphQLError[]>;
}

/**
 * Pricing a document (a TypeInfo walk and a validation) costs more than running a heartbeat's
 * resolvers, and its answer depends only on the document and the numbers its page-size variables
 * hold: it is kept per document (yoga's parser cache hands back the same DocumentNode for the same
 * text), and per distinct page sizes, a few at most for a real client.
 */
const costChecks = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, CostEntry>>();
const PAGE_SIZES_PER_DOCUMENT = 32;

function costErrors(args: { schema: GraphQLSchema; document: DocumentNode; variableValues?: Record<string, unknown> | null }): readonly GraphQLError[] {
  const { schema, document } = args;
  // withPageSizes uses a variable only when it holds a number, so the key holds only numbers.
  const pageSize = (name: string) => {
    const value = args.variableValues?.[name];
    return typeof value === "number" ? value : null;
  };
  let bySchema = costChecks.get(schema);
  if (!bySchema) costChecks.set(schema, (bySchema = new WeakMap()));
  const known = bySchema.get(document);
  const cached = known?.errorsByPages.get(JSON.stringify(known.pageVariables.map(pageSize)));
  if (cached) return cached;
  const read = new Set<string>();
  const priced = withPageSizes(schema, document, (name) => {
    read.add(name);
    return pageSize(name);
  });
  const errors = validate(schema, priced, [costLimitRule({ maxCost: QUERY_LIMITS.cost, objectCost: 2, scalarCost: 1, depthCostFactor: 1, ...refusal })]);
  const entry = known ?? { pageVariables: [...read], errorsByPages: new Map() };
  if (!known) bySchema.set(document, entry);
  if (entry.errorsByPages.size >= PAGE_SIZES_PER_DOCUMENT) entry.errorsByPages.clear();
  entry.errorsByPages.set(JSON.stringify(entry.pageVariables.map(pageSize)), errors);
  return errors;
}

/** The yoga plugins that enforce QUERY_LIMITS; the cost is checked once variables are known. */
export function queryLimits(): Plugin[] {
  return [
    maxTokensPlugin({ n: QUERY_LIMITS.tokens, ...refusal }),
    maxDepthPlugin({ n: QUERY_LIMITS.depth, flattenFragments: true, ...refusal }),
    maxAliasesPlugin({ n: QUERY_LIMITS.aliases, ...refusal }),
    maxDirectivesPlugin({ n: QUERY_LIMITS.directives, ...refusal }),
    {
      onExecute({ args, setResultAndStopExecution }) {
        const errors = costErrors(args);
        if (errors.length) setResultAndStopExecution({ errors });
      },
      onSubscribe({ args, setResultAndStopExecution }) {
        const errors = costErrors(args);
        if (errors.length) setResultAndStopExecution({ errors });
      },
    },
  ] as Plugin[];
}
