// Caller mistakes yoga itself would answer badly. Two as a 500 (masked INTERNAL): request parameters
// that are not JSON (GET `variables=`, which yoga JSON.parses unguarded), and a document nested so
// deep that graphql-js's recursive parser overflows the stack (about 2,000 levels). And a
// subscription sent over HTTP, which yoga would serve as server-sent events: a stream outside
// graphql-ws's per-socket byte bound and outside the revocation that closes a token's sockets (or,
// to a client that accepts only JSON, a 406). All are refused here, before yoga or graphql-js trip
// on them, as the caller's: 400 with BAD_USER_INPUT.
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * How many brackets (`{`, `[`, `(`) a document may nest: ample for any real query with JSON
 * literals as deep as MAX_JSON_DEPTH (64) allows, and far below what the parser survives.
 */
export const MAX_DOCUMENT_NESTING = 128;

function refused(message: string, field: string | undefined): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", ...(field ? { field } : {}), http: { status: 400 } } });
}

/** The first of the URL's JSON parameters that does not parse. */
function unreadableParam(url: URL): string | undefined {
  for (const name of ["variables", "extensions"]) {
    const value = url.searchParams.get(name);
    if (!value) continue;
    try {
      JSON.parse(value);
    } catch {
      return name;
    }
  }
  return undefined;
}

/** yoga's GET and form parsers JSON.parse `variables` and `extensions` and let the SyntaxError escape. */
function readableParams(): Plugin {
  return {
    onRequestParse({ request, url, requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (req) => {
        try {
          return await requestParser(req);
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          // A form body is consumed by now; a GET names its parameter.
          const field = request.method === "GET" ? unreadableParam(url) : undefined;
          throw refused(`${field ?? "variables or extensions"} must be JSON: ${error.message}`, field);
        }
      });
    },
  };
}

/** A letter, digit or `_`: a name (or a number) goes on while these do. */
function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/**
 * Where `source` nests brackets more than MAX_DOCUMENT_NESTING deep, with the nearest argument,
 * input field or JSON key whose value it is (`value` in `value: [[[…`); null when it does not.
 * Strings, block strings and comments are skipped, as the lexer does.
 */
export function tooDeepNesting(source: string): { name: string | null; offset: number } | null {
  // The names owning the open brackets: `name:` right before a bracket owns it.
  const open: Array<string | null> = [];
  let previous: "name" | "colon" | "other" = "other";
  let lastName = "";
  let owner: string | null = null;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "#") {
      while (i < source.length && source[i] !== "\n" && source[i] !== "\r") i++;
      continue;
    }
    if (c === '"') {
      if (source.startsWith('"""', i)) {
        i += 3;
        while (i < source.length && !source.startsWith('"""', i)) i += source.startsWith('\\"""', i) ? 4 : 1;
        i += 2;
      } else {
        for (i++; i < source.length && source[i] !== '"' && source[i] !== "\n"; i++) if (source[i] === "\\") i++;
      }
      previous = "other";
      continue;
    }
    if (isWordChar(source.charCodeAt(i))) {
      let end = i + 1;
      while (end < source.length && isWordChar(source.charCodeAt(end))) end++;
      lastName = source.slice(i, end);
      previous = c >= "0" && c <= "9" ? "other" : "name";
      i = end - 1;
      continue;
    }
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === ",") continue;
    if (c === ":") {
      owner = previous === "name" ? lastName : null;
      previous = "colon";
      continue;
    }
    if (c === "{" || c === "[" || c === "(") {
      open.push(previous === "colon" ? owner : null);
      if (open.length > MAX_DOCUMENT_NESTING) return { name: open.findLast((name) => name !== null) ?? null, offset: i };
    } else if (c === "}" || c === "]" || c === ")") open.pop();
    previous = "other";
  }
  return null;
}

/** Refuses a document too deep to parse safely before graphql-js's parser sees it. */
function boundedDocumentNesting(): Plugin {
  return {
    onParse({ params }) {
      const source: unknown = params.source;
      const text = typeof source === "string" ? source : (source as { body?: unknown } | undefined)?.body;
      // A document cannot nest deeper than it is long: the hot path's short documents skip the scan.
      if (typeof text !== "string" || text.length <= MAX_DOCUMENT_NESTING) return;
      const deep = tooDeepNesting(text);
      if (!deep) return;
      const where = `${deep.name ?? "the document"} nests brackets more than ${MAX_DOCUMENT_NESTING} levels deep (at offset ${deep.offset})`;
      throw refused(where, deep.name ?? undefined);
    },
  };
}

/**
 * Subscriptions are served over graphql-ws only (server/subscriptions.ts). An HTTP request's
 * context has yoga's `request`; a graphql-ws subscription's has none. Refused before the
 * subscription is set up, so nothing is left listening.
 */
function subscriptionsOverWebSocketOnly(): Plugin {
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      if (!("request" in (args.contextValue as object))) return;
      setResultAndStopExecution({ errors: [refused("subscriptions are served over graphql-ws, on ws://…/graphql", undefined)] });
    },
  };
}

/** The plugins, for createYoga's `plugins`. */
export function requestGuards(): Plugin[] {
  return [readableParams(), boundedDocumentNesting(), subscriptionsOverWebSocketOnly()];
}
