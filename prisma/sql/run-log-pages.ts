// One page of log chunks for each of several runs, in one statement: a LATERAL subquery per run
// walks its index from the cursor and stops at the page's size, so a page costs the same at the
// start of a run of millions of lines as at its end, and a list of runs costs one statement.
// (Prisma's nested `take` reads every child row of the parents and cuts the page in memory.)
// `backward` walks the same index from the other end (a log's tail: the dashboard's `last: N`),
// so the last page of a long log costs what its first does.
import { Prisma, type RunLogChunk } from "../client.js";
import type { RunLogStreamName } from "./append-run-logs.js";
import { query, type SqlClient } from "./db.js";

export async function runLogPages(
  db: SqlClient,
  p: { runIds: string[]; afterSeq: number; beforeSeq: number | null; backward: boolean; stream: RunLogStreamName | null; limit: number },
): Promise<RunLogChunk[]> {
  // Two texts, not `$stream IS NULL OR …`: each plans onto its own index ((runId, seq) or (runId, stream, seq)).
  const streamFilter = p.stream === null ? Prisma.empty : Prisma.sql`AND c."stream" = ${p.stream}::"RunLogStream"`;
  return query<RunLogChunk>(db, Prisma.sql`
    SELECT page.* FROM unnest(${p.runIds}::uuid[]) AS r("id") CROSS JOIN LATERAL (
      SELECT c.* FROM "RunLogChunk" c
      WHERE c."runId" = r."id" AND c."seq" > ${p.afterSeq} ${p.beforeSeq === null ? Prisma.empty : Prisma.sql`AND c."seq" < ${p.beforeSeq}`} ${streamFilter}
      ORDER BY ${p.backward ? Prisma.sql`c."seq" DESC` : Prisma.sql`c."seq"`} LIMIT ${p.limit}
    ) page`);
}
