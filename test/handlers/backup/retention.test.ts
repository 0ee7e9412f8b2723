import { isBackupKey, selectExpired, selectLatest, type StoredObject } from '../../../handlers/backup/retention.js';
import { parseRetentionSeconds, RetentionError } from '../../../handlers/kryton/duration.js';

describe('parseRetentionSeconds', () => {
  test.each([
    ['90m', 5_400],
    ['12h', 43_200],
    ['30d', 2_592_000],
    ['2w', 1_209_600],
    ['1d', 86_400],
    ['999999w', 999_999 * 604_800],
  ])('%s is %i seconds', (value, seconds) => {
    expect(parseRetentionSeconds(value)).toBe(seconds);
  });

  test.each(['', '0d', '30', 'd', '30D', '30s', '1y', '-1d', '1.5d', ' 30d', '30d ', '30d\n', '1000000d', '01d', '30 d', '$(touch x)d'])('rejects %j', (value) => {
    expect(() => parseRetentionSeconds(value)).toThrow(RetentionError);
  });
});

describe('selectExpired', () => {
  const now = new Date('2026-11-25T03:15:00Z');
  const ago = (days: number, extraMs = 0) => new Date(now.getTime() - days * 86_400_000 - extraMs);
  const policy = { now, retentionSeconds: 30 * 86_400, prefix: 'notes/', keep: ['notes/db-20261125t031500z.dump'] };

  test.each<[string, StoredObject, boolean]>([
    ['older than retention', { key: 'notes/db-a.dump', lastModified: ago(31) }, true],
    ['just past retention', { key: 'notes/db-a.dump', lastModified: ago(30, 1) }, true],
    ['exactly at retention', { key: 'notes/db-a.dump', lastModified: ago(30) }, false],
    ['younger than retention', { key: 'notes/db-a.dump', lastModified: ago(29) }, false],
    ['modified in the future', { key: 'notes/db-a.dump', lastModified: ago(-3) }, false],
    ['the key just written, however old', { key: 'notes/db-20261125t031500z.dump', lastModified: ago(400) }, false],
    ['outside the prefix', { key: 'other/db-a.dump', lastModified: ago(400) }, false],
    ['a sibling prefix sharing the start', { key: 'notes-2/db-a.dump', lastModified: ago(400) }, false],
    ['a deeper folder under the prefix', { key: 'notes/nested/db-a.dump', lastModified: ago(400) }, false],
    ['not a dump', { key: 'notes/README.txt', lastModified: ago(400) }, false],
    ['the bare suffix', { key: 'notes/.dump', lastModified: ago(400) }, false],
    ['an unparseable date', { key: 'notes/db-a.dump', lastModified: new Date('garbage') }, false],
  ])('%s: expired=%s', (_case, object, expired) => {
    expect(selectExpired([object], policy)).toEqual(expired ? [object.key] : []);
  });

  test('returns expired keys oldest first', () => {
    const objects = [
      { key: 'notes/b.dump', lastModified: ago(40) },
      { key: 'notes/a.dump', lastModified: ago(50) },
      { key: 'notes/c.dump', lastModified: ago(1) },
    ];
    expect(selectExpired(objects, policy)).toEqual(['notes/a.dump', 'notes/b.dump']);
  });

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses retentionSeconds %p', (retentionSeconds) => {
    expect(() => selectExpired([], { ...policy, retentionSeconds })).toThrow(RangeError);
  });

  test('refuses an invalid clock', () => {
    expect(() => selectExpired([], { ...policy, now: new Date('nope') })).toThrow(RangeError);
  });
});

describe('isBackupKey and selectLatest', () => {
  test('a backup key is a .dump directly under the prefix', () => {
    expect(isBackupKey('p/x.dump', 'p/')).toBe(true);
    expect(isBackupKey('p/x/y.dump', 'p/')).toBe(false);
    expect(isBackupKey('q/x.dump', 'p/')).toBe(false);
  });

  test('the latest backup is the most recently modified one under the prefix', () => {
    const objects = [
      { key: 'p/a.dump', lastModified: new Date('2026-01-01T00:00:00Z') },
      { key: 'p/b.dump', lastModified: new Date('2026-03-01T00:00:00Z') },
      { key: 'p/deeper/c.dump', lastModified: new Date('2026-05-01T00:00:00Z') },
      { key: 'p/notes.txt', lastModified: new Date('2026-06-01T00:00:00Z') },
    ];
    expect(selectLatest(objects, 'p/')).toBe('p/b.dump');
    expect(selectLatest(objects, 'none/')).toBeUndefined();
  });
});
