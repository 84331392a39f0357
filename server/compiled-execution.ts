// Queries and mutations run compiled: graphql-jit turns a document into a function once (variable
// coercion and execution included), so a heartbeat's coercion and execution cost about a tenth of
// its server CPU less (bench heartbeat, alternating A/B). A document graphql-jit cannot compile (a
// JSON literal holding a variable, for one) runs as before, through yoga's executor; so does every
// subscription (its events are shared instead: shared-subscription-events.ts).
import { getOperationAST, type DocumentNode, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import type { Plugin } from "graphql-yoga";

/** Per schema, document and operation name: its compiled form, or null when it runs uncompiled. */
const compiled = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, CompiledQuery | null>>>();

function compiledOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): CompiledQuery | null {
  let bySchema = compiled.get(schema);
  if (!bySchema) compiled.set(schema, (bySchema = new WeakMap()));
  let byName = bySchema.get(document);
  if (!byName) bySchema.set(document, (byName = new Map()));
  const name = operationName ?? "";
  let entry = byName.get(name);
  if (entry === undefined) {
    const operation = getOperationAST(document, operationName);
    const result = operation && operation.operation !== "subscription" ? compileQuery(schema, document, operationName ?? undefined) : null;
    byName.set(name, (entry = result && isCompiledQuery(result) ? result : null));
  }
  return entry;
}

export function useCompiledExecution(): Plugin {
  return {
    onExecute({ args, setExecuteFn }) {
      const query = compiledOf(args.schema, args.document, args.operationName);
      if (query) setExecuteFn((run) => query.query(run.rootValue, run.contextValue, run.variableValues));
    },
  };
}
