import { evalSimpleJsonPath, humanAge } from '../../../../framework/testing/server/table.js';

describe('printer column JSONPath', () => {
  const o = { spec: { size: 3, tags: ['a', 'b'] }, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Synced', status: 'False' }] } };
  it.each([
    ['.spec.size', 3],
    ['{.spec.size}', 3],
    ['.spec.tags[1]', 'b'],
    ['.status.conditions[?(@.type=="Synced")].status', 'False'],
    ['.status.conditions[?(@.type=="Missing")].status', undefined],
    ['.spec.absent.deeper', undefined],
  ])('%s → %j', (path, expected) => {
    expect(evalSimpleJsonPath(o, path)).toEqual(expected);
  });
});

describe('age column', () => {
  const now = Date.parse('2024-01-10T00:00:00Z');
  it.each([
    ['2024-01-09T23:59:55Z', '5s'],
    ['2024-01-09T23:57:00Z', '3m'],
    ['2024-01-09T23:57:55Z', '2m5s'],
    ['2024-01-09T20:00:00Z', '4h'],
    ['2024-01-07T00:00:00Z', '3d'],
  ])('%s → %s', (ts, expected) => {
    expect(humanAge(ts, now)).toBe(expected);
  });
});
