import type { KeyValueStorage } from '../flag/channelConnectionFlag';

/** A Web Storage stand-in with the same ordering and string coercion rules, for tests without a browser. */
export function memoryStorage(initial: Record<string, string>): KeyValueStorage {
  const entries = new Map(Object.entries(initial));
  return {
    get length() {
      return entries.size;
    },
    key: (index) => [...entries.keys()][index] ?? null,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, String(value)),
    removeItem: (key) => void entries.delete(key),
  };
}
