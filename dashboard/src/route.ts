// Pages are addressed by the URL's fragment (#/runs/…): the server serves one document at /, and
// nothing secret ever goes in the URL.
import { useSyncExternalStore } from "react";

export type Route =
  | { page: "runs" }
  | { page: "run"; id: string }
  | { page: "agents" }
  | { page: "environments" }
  | { page: "providers" };

function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  switch (parts[0]) {
    case "runs":
      return parts[1] ? { page: "run", id: parts[1] } : { page: "runs" };
    case "agents":
      return { page: "agents" };
    case "environments":
      return { page: "environments" };
    case "providers":
      return { page: "providers" };
    default:
      return { page: "runs" };
  }
}

function subscribe(listener: () => void): () => void {
  window.addEventListener("hashchange", listener);
  return () => window.removeEventListener("hashchange", listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parse(hash);
}

export function runHref(id: string): string {
  return `#/runs/${encodeURIComponent(id)}`;
}
