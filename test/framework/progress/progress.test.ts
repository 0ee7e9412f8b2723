import { annotationName, diffBaseKey, isProgressKey, progressKey } from '../../../framework/progress/annotation-keys.js';
import { currentRecord, essenceDigest, progressState, readProgress, type ProgressRecord } from '../../../framework/progress/progress-record.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('annotation keys', () => {
  it('puts the diff base and progress under the prefix', () => {
    expect(diffBaseKey('kryton.example.io')).toBe('kryton.example.io/last-handled-configuration');
    expect(progressKey('p.io', 'BackupHandler.reconcileBackup')).toBe('p.io/progress.BackupHandler.reconcileBackup');
    expect(isProgressKey('p.io', progressKey('p.io', 'x'))).toBe(true);
    expect(isProgressKey('p.io', diffBaseKey('p.io'))).toBe(false);
  });

  test.each([
    ['progress.a/b c', /^progress\.a\.b\.c-[0-9a-f]{8}$/],
    ['progress.' + 'x'.repeat(80), /^progress\.x+-[0-9a-f]{8}$/],
    ['progress.ok-id_1', /^progress\.ok-id_1$/],
  ])('sanitises %s into a valid, unique key name', (raw, pattern) => {
    const name = annotationName(raw);
    expect(name).toMatch(pattern);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/);
  });

  it('keeps long ids that differ only at the end apart', () => {
    const long = 'x'.repeat(80);
    expect(annotationName(`progress.${long}a`)).not.toBe(annotationName(`progress.${long}b`));
  });
});

describe('progress records', () => {
  const digest = essenceDigest({ spec: { a: 1 } });
  const record = (over: Partial<ProgressRecord>): ProgressRecord => ({ digest, started: new Date(NOW).toISOString(), retries: 0, ...over });

  test.each<[string, ProgressRecord | undefined, string]>([
    ['no record', undefined, 'ready'],
    ['succeeded', record({ success: true }), 'done'],
    ['failed permanently', record({ failure: true, retries: 1 }), 'done'],
    ['succeeded for another essence', record({ success: true, digest: 'other' }), 'ready'],
    ['delayed into the future', record({ retries: 1, delayedUntil: new Date(NOW + 5000).toISOString() }), 'waiting'],
    ['delay passed', record({ retries: 1, delayedUntil: new Date(NOW - 1).toISOString() }), 'ready'],
  ])('%s → %s', (_name, rec, expected) => {
    expect(progressState(rec, digest, NOW)).toBe(expected);
  });

  it('digests equal essences equally regardless of key order', () => {
    expect(essenceDigest({ a: 1, b: { c: 2, d: 3 } })).toBe(essenceDigest({ b: { d: 3, c: 2 }, a: 1 }));
    expect(essenceDigest({ a: 1 })).not.toBe(essenceDigest({ a: 2 }));
  });

  it('starts a fresh record for a new essence and keeps the current one otherwise', () => {
    const old = record({ retries: 4, digest: 'old' });
    expect(currentRecord(old, digest, NOW)).toEqual({ digest, started: new Date(NOW).toISOString(), retries: 0 });
    const same = record({ retries: 2 });
    expect(currentRecord(same, digest, NOW)).toBe(same);
  });

  it('reads records from annotations and ignores unreadable ones', () => {
    const good = record({ retries: 1 });
    expect(readProgress({ [progressKey('p.io', 'h')]: JSON.stringify(good) }, 'p.io', 'h')).toEqual(good);
    expect(readProgress({ [progressKey('p.io', 'h')]: 'nope' }, 'p.io', 'h')).toBeUndefined();
    expect(readProgress(undefined, 'p.io', 'h')).toBeUndefined();
  });
});
