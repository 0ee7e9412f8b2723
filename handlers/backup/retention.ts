/**
 * The retention sweep's decision, as a pure function: which stored backups are past retention.
 * The uploader lists the bucket and deletes what this returns; nothing here does I/O.
 */
import { DUMP_SUFFIX } from './object-key.js';

/** One object as a bucket listing reports it. */
export interface StoredObject {
  key: string;
  lastModified: Date;
}

export interface SweepPolicy {
  now: Date;
  /** Objects modified more than this many seconds before `now` are expired. */
  retentionSeconds: number;
  /** Only keys starting with this prefix are ever considered. */
  prefix: string;
  /** Keys never selected, whatever their age (the dump just written). */
  keep: readonly string[];
}

/**
 * True for keys this backup could have written: a `.dump` file directly under the prefix (no
 * further `/`). Other files a user keeps under the prefix, and deeper "folders" (another Kryton's
 * prefix may be nested inside this one), are never swept.
 */
export function isBackupKey(key: string, prefix: string): boolean {
  if (!key.startsWith(prefix)) return false;
  const rest = key.slice(prefix.length);
  return rest.length > DUMP_SUFFIX.length && rest.endsWith(DUMP_SUFFIX) && !rest.includes('/');
}

/** The keys to delete, oldest first. */
export function selectExpired(objects: readonly StoredObject[], policy: SweepPolicy): string[] {
  const { now, retentionSeconds, prefix, keep } = policy;
  if (!Number.isFinite(retentionSeconds) || retentionSeconds <= 0) {
    throw new RangeError(`retentionSeconds must be a positive number, got ${retentionSeconds}`);
  }
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid date');
  const cutoff = now.getTime() - retentionSeconds * 1000;
  const kept = new Set(keep);
  return objects
    .filter((o) => isBackupKey(o.key, prefix) && !kept.has(o.key))
    .filter((o) => !Number.isNaN(o.lastModified.getTime()) && o.lastModified.getTime() < cutoff)
    .sort((a, b) => a.lastModified.getTime() - b.lastModified.getTime() || a.key.localeCompare(b.key))
    .map((o) => o.key);
}

/** The newest backup under the prefix (by key timestamp order, then modification time), if any. */
export function selectLatest(objects: readonly StoredObject[], prefix: string): string | undefined {
  const candidates = objects.filter((o) => isBackupKey(o.key, prefix));
  candidates.sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime() || b.key.localeCompare(a.key));
  return candidates[0]?.key;
}
