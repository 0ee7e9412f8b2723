import { createHash } from 'node:crypto';
import { serializeEssence, type Essence } from '../causes/essence.js';
import { progressKey } from './annotation-keys.js';

/**
 * One handler's persisted progress for one change of an object (annotation
 * `<prefix>/progress.<handler-id>`). `digest` names the essence the record is about: when the object
 * changes again, records of the old essence no longer count, so finished handlers run for the new
 * state and a permanent failure is retried once the object changes.
 */
export interface ProgressRecord {
  digest: string;
  /** ISO time of the first attempt. */
  started: string;
  /** Failed attempts so far. */
  retries: number;
  /** ISO time before which the handler is not retried. */
  delayedUntil?: string;
  /** The last failure's message. */
  message?: string;
  success?: boolean;
  failure?: boolean;
}

export type ProgressState = 'done' | 'waiting' | 'ready';

/** A short, stable fingerprint of an essence. */
export function essenceDigest(essence: Essence): string {
  return createHash('sha256').update(serializeEssence(essence)).digest('hex').slice(0, 16);
}

/** Reads a handler's record; a record that cannot be parsed counts as absent (the handler runs again). */
export function readProgress(annotations: Record<string, string> | undefined, prefix: string, handlerId: string): ProgressRecord | undefined {
  const text = annotations?.[progressKey(prefix, handlerId)];
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<ProgressRecord>;
    if (typeof parsed.digest !== 'string' || typeof parsed.started !== 'string' || typeof parsed.retries !== 'number') return undefined;
    return parsed as ProgressRecord;
  } catch {
    return undefined;
  }
}

/** Pure: whether a handler is finished for this essence, waiting for its retry time, or due now. */
export function progressState(record: ProgressRecord | undefined, digest: string, now: number): ProgressState {
  if (!record || record.digest !== digest) return 'ready';
  if (record.success || record.failure) return 'done';
  if (record.delayedUntil && Date.parse(record.delayedUntil) > now) return 'waiting';
  return 'ready';
}

/** The record to start from for an attempt now: the current one, or a fresh one for a new essence. */
export function currentRecord(record: ProgressRecord | undefined, digest: string, now: number): ProgressRecord {
  if (record && record.digest === digest) return record;
  return { digest, started: new Date(now).toISOString(), retries: 0 };
}
