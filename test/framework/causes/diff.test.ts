import { diffValues, jsonEqual, narrowDiff, valueAt, type Diff } from '../../../framework/causes/diff.js';
import { essenceOf, parseEssence, serializeEssence } from '../../../framework/causes/essence.js';

describe('diffValues', () => {
  const cases: [string, unknown, unknown, Diff][] = [
    ['equal objects', { a: 1, b: { c: 2 } }, { b: { c: 2 }, a: 1 }, []],
    ['added key', { a: 1 }, { a: 1, b: 2 }, [{ op: 'add', path: ['b'], old: undefined, new: 2 }]],
    ['removed key', { a: 1, b: 2 }, { a: 1 }, [{ op: 'remove', path: ['b'], old: 2, new: undefined }]],
    ['changed nested scalar', { s: { x: 1 } }, { s: { x: 2 } }, [{ op: 'change', path: ['s', 'x'], old: 1, new: 2 }]],
    ['list compared whole', { l: [1, 2] }, { l: [1, 3] }, [{ op: 'change', path: ['l'], old: [1, 2], new: [1, 3] }]],
    ['object replaced by scalar', { s: { x: 1 } }, { s: 5 }, [{ op: 'change', path: ['s'], old: { x: 1 }, new: 5 }]],
    ['whole subtree added', {}, { s: { x: 1, y: 2 } }, [{ op: 'add', path: ['s'], old: undefined, new: { x: 1, y: 2 } }]],
    ['keys sorted', { b: 1, a: 1 }, { b: 2, a: 2 }, [
      { op: 'change', path: ['a'], old: 1, new: 2 },
      { op: 'change', path: ['b'], old: 1, new: 2 },
    ]],
  ];
  test.each(cases)('%s', (_name, a, b, expected) => {
    expect(diffValues(a, b)).toEqual(expected);
  });
});

describe('narrowDiff and valueAt', () => {
  const old = { spec: { backup: { schedule: '@daily' }, size: 1 } };
  const now = { spec: { backup: { schedule: '@hourly' }, size: 2 } };

  it('narrows to the path, relative to it', () => {
    expect(narrowDiff(old, now, ['spec', 'backup'])).toEqual([{ op: 'change', path: ['schedule'], old: '@daily', new: '@hourly' }]);
  });

  it('is empty when the path did not change', () => {
    expect(narrowDiff(old, { spec: { ...old.spec, size: 3 } }, ['spec', 'backup'])).toEqual([]);
  });

  it('reports a field appearing from nothing as one add', () => {
    expect(narrowDiff({}, now, ['spec', 'backup'])).toEqual([{ op: 'add', path: [], old: undefined, new: { schedule: '@hourly' } }]);
  });

  it('reads missing paths as undefined', () => {
    expect(valueAt(old, ['spec', 'nope', 'deeper'])).toBeUndefined();
    expect(valueAt(old, ['spec', 'size'])).toBe(1);
  });

  it('treats undefined members as absent', () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });
});

describe('essence', () => {
  const object = {
    apiVersion: 'v1',
    kind: 'Widget',
    metadata: {
      name: 'w',
      uid: 'u',
      resourceVersion: '5',
      generation: 2,
      creationTimestamp: 't',
      managedFields: [{}],
      labels: {},
      annotations: { 'mine.io/last-handled-configuration': 'x', 'mine.io/progress.a': 'y', 'theirs.io/z': 'keep' },
      finalizers: ['mine.io/finalizer'],
    },
    spec: { a: 1, empty: {} },
    status: { phase: 'Ready' },
  };

  it('keeps spec, labels and foreign annotations only', () => {
    expect(essenceOf(object, 'mine.io')).toEqual({ spec: { a: 1 }, metadata: { annotations: { 'theirs.io/z': 'keep' } } });
  });

  it('serialises compactly with sorted keys and a trailing newline, and parses back', () => {
    const text = serializeEssence({ spec: { b: 2, a: 1 } });
    expect(text).toBe('{"spec":{"a":1,"b":2}}\n');
    expect(parseEssence(text, 'k')).toEqual({ spec: { a: 1, b: 2 } });
  });

  it('names the annotation when the stored diff base is corrupt', () => {
    expect(() => parseEssence('{oops', 'mine.io/last-handled-configuration')).toThrow(/mine.io\/last-handled-configuration.*remove it/);
    expect(parseEssence(undefined, 'k')).toBeUndefined();
  });
});
