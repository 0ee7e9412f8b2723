import { backupObjectKey, backupTimestamp, keySafeDatabaseName, printableKey } from '../../../handlers/backup/object-key.js';

test('the timestamp is UTC, lower-case and sorts by time as text', () => {
  expect(backupTimestamp(new Date('2026-11-25T03:15:00.789Z'))).toBe('20261125t031500z');
  const times = ['2026-01-02T00:00:00Z', '2026-01-01T23:59:59Z', '2025-12-31T00:00:00Z'].map((t) => backupTimestamp(new Date(t)));
  expect([...times].sort()).toEqual([...times].reverse());
  expect(() => backupTimestamp(new Date('nope'))).toThrow(RangeError);
});

test('the key is <prefix><database>-<timestamp>.dump with the prefix verbatim', () => {
  const at = new Date('2026-11-25T03:15:00Z');
  expect(backupObjectKey('kryton-sample/', 'kryton', at)).toBe('kryton-sample/kryton-20261125t031500z.dump');
  expect(backupObjectKey('a b$(x)/', 'kryton', at)).toBe('a b$(x)/kryton-20261125t031500z.dump');
});

test('a database name cannot add folders or odd bytes to the key', () => {
  expect(keySafeDatabaseName('kryton_db-1.x')).toBe('kryton_db-1.x');
  expect(keySafeDatabaseName('../etc/passwd')).toBe('.._etc_passwd');
  expect(keySafeDatabaseName('a b\n$(c)')).toBe('a_b___c_');
  expect(keySafeDatabaseName('')).toBe('database');
});

test('keys in log lines keep to one line', () => {
  expect(printableKey('a/b c$(d)\'"`.dump')).toBe('a/b c$(d)\'"`.dump');
  expect(printableKey('a\nfake log line\r\u0000\u007f/')).toBe('a\\u000afake log line\\u000d\\u0000\\u007f/');
});
