/**
 * The upload step of the backup pod: put the dump under `<prefix><database>-<timestamp>.dump`, then
 * sweep dumps under the prefix older than retention. The key is named after the dump's
 * modification time, so a retried step re-uploads the same key instead of adding a second copy.
 */
import { parseRetentionSeconds } from '../kryton/duration.js';
import { inspectDump } from './dump-file.js';
import { backupObjectKey, printableKey } from './object-key.js';
import type { ObjectStore } from './object-store.js';
import { selectExpired } from './retention.js';

export interface UploadRequest {
  file: string;
  prefix: string;
  database: string;
  /** `30d`, `12h`, …; undefined keeps every backup. */
  retention?: string;
}

export interface UploadOutcome {
  key: string;
  size: number;
  /** Keys deleted by the sweep, oldest first. */
  swept: string[];
}

export type LogLine = (line: string) => void;

export async function uploadAndSweep(store: ObjectStore, request: UploadRequest, log: LogLine): Promise<UploadOutcome> {
  // A bad retention fails before anything is written: the retry after a fix finds a clean slate.
  const retentionSeconds = request.retention === undefined ? undefined : parseRetentionSeconds(request.retention);
  const dump = await inspectDump(request.file);
  const key = backupObjectKey(request.prefix, request.database, dump.writtenAt);
  log(`uploading ${request.file} (${dump.size} bytes) to ${store.location(key)}`);
  const size = await store.putFile(key, request.file);
  if (size !== dump.size) {
    throw new Error(`the object store reports ${size} bytes for ${store.location(key)}, the dump has ${dump.size}: the upload is incomplete`);
  }
  log(`uploaded ${store.location(key)}`);
  if (retentionSeconds === undefined) {
    log('no retention set: every backup is kept');
    return { key, size, swept: [] };
  }
  const expired = selectExpired(await store.list(request.prefix), { now: new Date(), retentionSeconds, prefix: request.prefix, keep: [key] });
  for (const old of expired) {
    await store.delete(old);
    log(`swept ${store.location(old)} (older than ${request.retention})`);
  }
  log(`sweep done: ${expired.length} backup(s) older than ${request.retention} deleted under "${printableKey(request.prefix)}"`);
  return { key, size, swept: expired };
}
