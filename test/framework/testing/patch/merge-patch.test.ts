import { applyMergePatch } from '../../../../framework/testing/patch/index.js';
import { type JsonValue } from '../../../../framework/testing/schema/index.js';

// The examples of RFC 7386, appendix A.
const RFC_7386_EXAMPLES: Array<[JsonValue, JsonValue, JsonValue]> = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

describe('applyMergePatch (RFC 7386)', () => {
  it.each(RFC_7386_EXAMPLES)('%j + %j = %j', (original, patch, expected) => {
    expect(applyMergePatch(original, patch)).toEqual(expected);
  });

  it('does not modify or alias its inputs', () => {
    const original = { spec: { keep: { deep: 1 } }, metadata: { labels: { a: '1' } } };
    const patch = { metadata: { labels: { b: '2' } } };
    const result = applyMergePatch(original, patch) as { spec: { keep: { deep: number } } };
    result.spec.keep.deep = 2;
    expect(original).toEqual({ spec: { keep: { deep: 1 } }, metadata: { labels: { a: '1' } } });
    expect(patch).toEqual({ metadata: { labels: { b: '2' } } });
  });
});
