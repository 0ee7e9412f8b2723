import { canonicalJson, releaseInputsHash, type ReleaseInputs } from '../../../handlers/helm-release/inputs-hash.js';

const base: ReleaseInputs = {
  chartVersion: 'kryton-0.1.0',
  chartDigest: 'sha256:abc',
  values: { image: { tag: '4.5.0', repository: 'r' }, replicaCount: 1, list: [1, 2] },
  flags: { resetValues: true, historyMax: 10, wait: false },
};

describe('canonicalJson', () => {
  test.each([
    ['keys sorted at every level', { b: 1, a: { d: 2, c: 3 } }, '{"a":{"c":3,"d":2},"b":1}'],
    ['arrays keep their order', [3, 1, 2], '[3,1,2]'],
    ['undefined properties are left out', { a: undefined, b: 1 }, '{"b":1}'],
    ['strings are escaped', { 'k"': 'v\n' }, '{"k\\"":"v\\n"}'],
    ['null stays', { a: null }, '{"a":null}'],
  ])('%s', (_name, value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  test('refuses non-finite numbers instead of hashing them as null', () => {
    expect(() => canonicalJson({ a: Infinity })).toThrow(/non-finite/);
  });
});

describe('releaseInputsHash', () => {
  test('is a sha256 digest', () => {
    expect(releaseInputsHash(base)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test('does not depend on key order', () => {
    const reordered: ReleaseInputs = {
      flags: { wait: false, historyMax: 10, resetValues: true },
      values: { list: [1, 2], replicaCount: 1, image: { repository: 'r', tag: '4.5.0' } },
      chartDigest: 'sha256:abc',
      chartVersion: 'kryton-0.1.0',
    };
    expect(releaseInputsHash(reordered)).toBe(releaseInputsHash(base));
  });

  test.each([
    ['the chart version', { ...base, chartVersion: 'kryton-0.1.1' }],
    ['the chart digest', { ...base, chartDigest: 'sha256:abd' }],
    ['a nested value', { ...base, values: { ...(base.values as object), image: { tag: '4.5.1', repository: 'r' } } }],
    ['array order', { ...base, values: { ...(base.values as object), list: [2, 1] } }],
    ['a flag', { ...base, flags: { resetValues: true, historyMax: 10, wait: true } }],
    ['a value type (1 vs "1")', { ...base, values: { ...(base.values as object), replicaCount: '1' } }],
  ])('changes when %s changes', (_what, changed) => {
    expect(releaseInputsHash(changed)).not.toBe(releaseInputsHash(base));
  });
});
