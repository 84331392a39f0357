// One log line per GraphQL request over HTTP: its id (the caller's `x-request-id` when it sent a
// sane one, else a fresh one; echoed in the response), the operation, the status, the duration and
// the error codes it answered. A request that answered no error is logged at debug (heartbeats come
// by the thousand a second), and so is a 401 (anyone can send those by the thousand too); one that
// answered errors at info, or at error when one was INTERNAL.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getOperationAST, Kind, type ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { RunyardMetrics } from "../resolvers/metrics.js";
import type { Logger } from "./logger.js";

export interface RequestRecord {
  id: string;
  operations: string[];
  codes: Set<string>;
}

/** What the caller may name its request by: short, printable, no spaces (it lands in log lines). */
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Starts the record of `req` and says its id in the response; logs it once the response is done. */
export function recordRequest(log: Logger, metrics: RunyardMetrics, req: IncomingMessage, res: ServerResponse): RequestRecord {
  const offered = req.headers["x-request-id"];
  const id = typeof offered === "string" && CALLER_REQUEST_ID.test(offered) ? offered : randomUUID();
  res.setHeader("x-request-id", id);
  const record: RequestRecord = { id, operations: [], codes: new Set() };
  const started = performance.now();
  // Once written ('finish'), or cut off before that ('close'): a kept-alive socket's response may
  // report 'close' only later, when its connection is closed (after a drain's last log line).
  let logged = false;
  const logLine = (): void => {
    if (logged) return;
    logged = true;
    metrics.httpRequests.observe({ method: req.method ?? "", status: String(res.statusCode) }, (performance.now() - started) / 1000);
    const line = {
      reqId: id,
      method: req.method,
      status: res.statusCode,
      operation: record.operations.join(",") || undefined,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      code: [...record.codes].join(",") || undefined,
    };
    if (record.codes.has("INTERNAL")) log.error(line, "request");
    else if (res.statusCode !== 401 && (record.codes.size > 0 || res.statusCode >= 400)) log.info(line, "request");
    else log.debug(line, "request");
  };
  res.once("finish", logLine);
  res.once("close", logLine);
  return record;
}

/**
 * The yoga side: which operations the request ran and which codes its answer carried, and each
 * execution's duration (labelled by its first root field: the schema bounds those, a caller's
 * operation names it does not).
 */
export function useRequestRecord(metrics: RunyardMetrics): Plugin<Record<string, unknown>, { requestRecord?: RequestRecord }> {
  return {
    onExecute({ args }) {
      const record = (args.contextValue as { requestRecord?: RequestRecord }).requestRecord;
      const operation = getOperationAST(args.document, args.operationName);
      record?.operations.push(operation?.name?.value ?? `anonymous ${operation?.operation ?? "operation"}`);
      const first = operation?.selectionSet.selections[0];
      const field = first?.kind === Kind.FIELD ? first.name.value : "";
      const timer = metrics.graphqlOperations.startTimer({ type: operation?.operation ?? "", field });
      return {
        onExecuteDone({ result }) {
          const errors = "errors" in result ? result.errors : undefined;
          timer({ outcome: errors?.length ? String(errors[0]!.extensions?.code ?? "GRAPHQL_ERROR") : "ok" });
        },
      };
    },
    onResultProcess({ result, serverContext }) {
      const record = serverContext.requestRecord;
      if (!record) return;
      for (const one of (Array.isArray(result) ? result : [result]) as ExecutionResult[]) {
        for (const error of one.errors ?? []) record.codes.add(String(error.extensions?.code ?? "GRAPHQL_ERROR"));
      }
    },
  };
}
