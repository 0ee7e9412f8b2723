/**
 * The download step of a restore: fetch one backup (a given key, or the newest under the prefix)
 * into a file that `pg_restore` then reads.
 */
import { inspectDump } from './dump-file.js';
import type { ObjectStore } from './object-store.js';
import { selectLatest } from './retention.js';
import type { LogLine } from './uploader.js';

export type RestoreSource = { key: string } | { latestUnder: string };

export async function downloadBackup(store: ObjectStore, source: RestoreSource, file: string, log: LogLine): Promise<string> {
  let key: string;
  if ('key' in source) {
    key = source.key;
  } else {
    const latest = selectLatest(await store.list(source.latestUnder), source.latestUnder);
    if (latest === undefined) {
      throw new Error(`no backup (*.dump) directly under ${store.location(source.latestUnder)}`);
    }
    key = latest;
  }
  log(`downloading ${store.location(key)} to ${file}`);
  const size = await store.getFile(key, file);
  await inspectDump(file);
  log(`downloaded ${size} bytes; restore it with pg_restore --clean --if-exists --no-owner --no-acl --single-transaction --dbname=<database> ${file}`);
  return key;
}
