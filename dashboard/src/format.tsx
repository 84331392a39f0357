// Times, money and statuses as the pages show them. Relative times tick from one shared clock, so a
// second passing re-renders the small <Ago> texts, not the rows around them.
import { createStore, useStore } from "./store";

const clock = createStore(Date.now());
window.setInterval(() => clock.set(Date.now()), 1000);

function describeSpan(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d`;
}

export function absoluteTime(at: string): string {
  return new Date(at).toLocaleString(undefined, { hour12: false });
}

/** "12s ago" / "in 30s", live, with the absolute time on hover. */
export function Ago({ at, fallback = "—" }: { at: string | null | undefined; fallback?: string }) {
  const now = useStore(clock);
  if (!at) return <>{fallback}</>;
  const delta = new Date(at).getTime() - now;
  return (
    <time dateTime={at} title={absoluteTime(at)}>
      {/* Within a second either way is now: the database's clock and the browser's differ by a little. */}
      {Math.abs(delta) < 1000 ? "just now" : delta > 0 ? `in ${describeSpan(delta)}` : `${describeSpan(delta)} ago`}
    </time>
  );
}

/** True while `at` is in the future, re-checked every second. */
export function useFuture(at: string | null | undefined): boolean {
  const now = useStore(clock);
  return Boolean(at) && new Date(at!).getTime() > now;
}

export function cents(value: number | null | undefined): string {
  if (value == null) return "—";
  return `$${(value / 100).toFixed(value < 100 ? 4 : 2)}`;
}

export function Status({ status }: { status: string }) {
  return <span className={`status status-${status.toLowerCase()}`}>{status}</span>;
}

export function json(value: unknown): string {
  return JSON.stringify(value);
}

/** The message and code of a failed operation, as the server said it. */
export function describeError(error: { graphQLErrors?: Array<{ message: string; extensions?: Record<string, unknown> }>; message: string } | undefined): string | null {
  if (!error) return null;
  const first = error.graphQLErrors?.[0];
  if (first) return `${String(first.extensions?.code ?? "ERROR")}: ${first.message}`;
  return error.message;
}
