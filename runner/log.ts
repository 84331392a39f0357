// The runner's stderr log, its request error type and error formatting, shared by every module.
/** Thrown by the client's requests. `transient` marks failures worth retrying: the server was unreachable or answered 5xx without GraphQL errors. */
export class GraphQLRequestError extends Error {
  readonly code: string;
  readonly transient: boolean;

  constructor(code: string, message: string, transient: boolean) {
    super(message);
    this.name = 'GraphQLRequestError';
    this.code = code;
    this.transient = transient;
  }
}

export function log(message: string): void {
  process.stderr.write(`[runyard-runner] ${message}\n`);
}

export function formatError(err: unknown): string {
  if (err instanceof GraphQLRequestError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) {
    // fetch only says "fetch failed". The useful part (ECONNREFUSED, ...) is in the cause.
    return err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message;
  }
  return String(err);
}
