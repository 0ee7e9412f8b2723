/**
 * Where a backup lands in the bucket: `<prefix><database>-<timestamp>.dump`. Pure: the uploader,
 * the sweep and the restore command agree on this one shape.
 */

export const DUMP_SUFFIX = '.dump';

/** `20261125t031500z`: UTC, lower-case (valid in DNS-1123-minded tooling), sorts by time as text. */
export function backupTimestamp(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('backupTimestamp needs a valid date');
  return at.toISOString().replace(/\.\d{3}Z$/, 'z').replace(/[-:]/g, '').toLowerCase();
}

/**
 * The database name as it appears in a key. Anything but letters, digits, `.`, `_` and `-` becomes
 * `_`, so a name can never add a `/` (a new "folder") or a byte that needs escaping.
 */
export function keySafeDatabaseName(database: string): string {
  const safe = database.replace(/[^A-Za-z0-9._-]/g, '_');
  return safe === '' ? 'database' : safe;
}

/** The object key of the dump of `database` taken at `at`, under `prefix` (used verbatim). */
export function backupObjectKey(prefix: string, database: string, at: Date): string {
  return `${prefix}${keySafeDatabaseName(database)}-${backupTimestamp(at)}${DUMP_SUFFIX}`;
}

/**
 * A key as it appears in log lines and messages: control characters (a newline in a prefix) are
 * escaped, so one log line stays one line and cannot imitate another.
 */
export function printableKey(key: string): string {
  // eslint-disable-next-line no-control-regex
  return key.replace(/[\u0000-\u001f\u007f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
