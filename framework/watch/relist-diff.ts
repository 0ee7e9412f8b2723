import type { KubeObject } from '../client/types.js';
import { objectKey } from './object-key.js';

export interface CacheChange<T extends KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: T;
}

/**
 * The events that bring a cache in line with a fresh list: DELETED for objects that vanished,
 * MODIFIED for objects whose resourceVersion changed, ADDED for new ones, nothing for the unchanged.
 * `cached` holds only the entries the list covers (one namespace, or everything).
 */
export function relistDiff<T extends KubeObject>(cached: Iterable<T>, listed: readonly T[]): CacheChange<T>[] {
  const previous = new Map<string, T>();
  for (const object of cached) previous.set(objectKey(object), object);
  const changes: CacheChange<T>[] = [];
  const seen = new Set<string>();
  for (const object of listed) {
    const key = objectKey(object);
    seen.add(key);
    const before = previous.get(key);
    if (before === undefined) changes.push({ type: 'ADDED', object });
    else if (before.metadata.resourceVersion !== object.metadata.resourceVersion) changes.push({ type: 'MODIFIED', object });
  }
  for (const [key, object] of previous) {
    if (!seen.has(key)) changes.push({ type: 'DELETED', object });
  }
  return changes;
}
