/**
 * Structural diffs between two JSON values. Objects are compared key by key; arrays and scalars as
 * whole values (a changed list is one 'change', as in Kopf).
 */

export interface DiffEntry {
  op: 'add' | 'change' | 'remove';
  path: string[];
  old: unknown;
  new: unknown;
}

export type Diff = DiffEntry[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Lists what changed from `old` to `new`, deepest paths first within each object, keys sorted. */
export function diffValues(oldValue: unknown, newValue: unknown, path: string[] = []): Diff {
  if (jsonEqual(oldValue, newValue)) return [];
  if (oldValue === undefined) return [{ op: 'add', path, old: undefined, new: newValue }];
  if (newValue === undefined) return [{ op: 'remove', path, old: oldValue, new: undefined }];
  if (isRecord(oldValue) && isRecord(newValue)) {
    const keys = [...new Set([...Object.keys(oldValue), ...Object.keys(newValue)])].sort();
    return keys.flatMap((k) => diffValues(oldValue[k], newValue[k], [...path, k]));
  }
  return [{ op: 'change', path, old: oldValue, new: newValue }];
}

/** The value at `path`, or undefined when any step is missing. */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * The part of a diff that concerns `path`: entries at or below it (paths made relative), or one
 * entry for the path itself when a change happened above it (e.g. the whole `spec` was added).
 */
export function narrowDiff(oldRoot: unknown, newRoot: unknown, path: readonly string[]): Diff {
  return diffValues(valueAt(oldRoot, path), valueAt(newRoot, path), []);
}
