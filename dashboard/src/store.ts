// Tiny external stores read with useSyncExternalStore: a value, and rows by key. A live event
// updates one row and re-renders only the component that shows it, not the list around it.
import { useSyncExternalStore } from "react";

export function createStore<T>(initial: T) {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next: T) {
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStore<T>(store: ReturnType<typeof createStore<T>>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}

export class KeyedStore<T> {
  private readonly rows = new Map<string, T>();
  private readonly listeners = new Map<string, Set<() => void>>();

  get(key: string): T | undefined {
    return this.rows.get(key);
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  set(key: string, row: T): void {
    this.rows.set(key, row);
    for (const listener of [...(this.listeners.get(key) ?? [])]) listener();
  }

  update(key: string, change: (row: T) => T): void {
    const row = this.rows.get(key);
    if (row !== undefined) this.set(key, change(row));
  }

  subscribe(key: string, listener: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
}

export function useRow<T>(store: KeyedStore<T>, key: string): T | undefined {
  return useSyncExternalStore(
    (listener) => store.subscribe(key, listener),
    () => store.get(key),
  );
}
