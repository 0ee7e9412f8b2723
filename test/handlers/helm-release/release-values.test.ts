import { buildReleaseValues, deepMergeValues } from '../../../handlers/helm-release/release-values.js';
import type { Kryton } from '../../../handlers/kryton/types.js';

function kryton(values?: Record<string, unknown>, name = 'notes', version = '4.5.0'): Kryton {
  return { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name, namespace: 'team' }, spec: { version, ...(values ? { values } : {}) } };
}

describe('deepMergeValues', () => {
  test.each([
    ['nested objects merge key by key', { a: { x: 1, y: 2 } }, { a: { y: 3 } }, { a: { x: 1, y: 3 } }],
    ['arrays are replaced, not merged', { list: [1, 2, 3] }, { list: [9] }, { list: [9] }],
    ['a scalar replaces an object', { a: { x: 1 } }, { a: 'flat' }, { a: 'flat' }],
    ['an object replaces a scalar', { a: 'flat' }, { a: { x: 1 } }, { a: { x: 1 } }],
    ['null in the overlay replaces the base value', { a: { x: 1 } }, { a: null }, { a: null }],
    ['keys only in the base survive', { keep: true, a: 1 }, { a: 2 }, { keep: true, a: 2 }],
    ['an empty overlay changes nothing', { a: { b: [1] } }, {}, { a: { b: [1] } }],
  ])('%s', (_name, base, over, expected) => {
    expect(deepMergeValues(base, over)).toEqual(expected);
  });

  test('returns copies: changing the result touches neither input', () => {
    const base = { a: { list: [{ k: 1 }] } };
    const over = { b: { list: [{ k: 2 }] } };
    const merged = deepMergeValues(base, over) as { a: { list: Array<{ k: number }> }; b: { list: Array<{ k: number }> } };
    merged.a.list[0]!.k = 100;
    merged.b.list[0]!.k = 200;
    expect(base).toEqual({ a: { list: [{ k: 1 }] } });
    expect(over).toEqual({ b: { list: [{ k: 2 }] } });
  });
});

describe('buildReleaseValues', () => {
  test('without spec.values the release gets exactly the injected keys', () => {
    expect(buildReleaseValues(kryton())).toEqual({
      fullnameOverride: 'notes',
      postgresql: { fullnameOverride: 'notes-postgresql' },
      image: { tag: '4.5.0' },
    });
  });

  test('spec.values is kept where the operator injects nothing, merged under its keys', () => {
    const values = buildReleaseValues(kryton({ replicaCount: 2, image: { repository: 'mirror/kryton', pullPolicy: 'Always' }, postgresql: { auth: { database: 'kb' } } }));
    expect(values).toEqual({
      replicaCount: 2,
      fullnameOverride: 'notes',
      image: { repository: 'mirror/kryton', pullPolicy: 'Always', tag: '4.5.0' },
      postgresql: { auth: { database: 'kb' }, fullnameOverride: 'notes-postgresql' },
    });
  });

  test.each([
    ['fullnameOverride', { fullnameOverride: 'other' }, (v: Record<string, unknown>) => v.fullnameOverride, 'notes'],
    ['image.tag', { image: { tag: 'latest' } }, (v: Record<string, unknown>) => (v.image as { tag: string }).tag, '4.5.0'],
    ['postgresql.fullnameOverride', { postgresql: { fullnameOverride: 'shared-db' } }, (v: Record<string, unknown>) => (v.postgresql as { fullnameOverride: string }).fullnameOverride, 'notes-postgresql'],
    ['image given as a string', { image: 'nginx' }, (v: Record<string, unknown>) => v.image, { tag: '4.5.0' }],
  ])('the injected %s wins over the user value', (_key, values, pick, expected) => {
    expect(pick(buildReleaseValues(kryton(values)))).toEqual(expected);
  });

  test('spec.values is never mutated', () => {
    const values = { image: { tag: 'user', repository: 'r' }, env: { config: { A: '1' } }, list: [{ a: 1 }] };
    const before = structuredClone(values);
    const cr = kryton(values);
    const built = buildReleaseValues(cr) as { env: { config: Record<string, string> }; list: Array<{ a: number }> };
    built.env.config.A = 'changed';
    built.list[0]!.a = 2;
    expect(cr.spec.values).toEqual(before);
  });

  test('the names follow the object name and the tag follows spec.version', () => {
    expect(buildReleaseValues(kryton(undefined, 'wiki', '5.0.1'))).toMatchObject({ fullnameOverride: 'wiki', postgresql: { fullnameOverride: 'wiki-postgresql' }, image: { tag: '5.0.1' } });
  });
});
