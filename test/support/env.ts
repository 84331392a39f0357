// Where the test suite finds PostgreSQL and Redis; CI and developers override them with env vars.
import { fileURLToPath } from "node:url";

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
export const TEMPLATE_DATABASE = "runyard_test_template";
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** TEST_POSTGRES_URL pointed at another database on the same server. */
export function databaseUrlFor(database: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
