import { rollbackArgs, uninstallArgs, upgradeArgs, type UpgradeOptions } from '../../../handlers/helm-release/helm-args.js';

const base: UpgradeOptions = {
  release: 'notes',
  namespace: 'team',
  chartPath: '/charts/kryton',
  valuesFile: '/tmp/v/values.json',
  timeoutSeconds: 300,
  historyMax: 10,
  wait: false,
  atomic: false,
  takeOwnership: false,
};

const flagValue = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('upgradeArgs', () => {
  test('the safe defaults: install-or-upgrade, values from the file, reset values, capped history, JSON output', () => {
    const args = upgradeArgs(base);
    expect(args.slice(0, 4)).toEqual(['upgrade', 'notes', '/charts/kryton', '--install']);
    expect(flagValue(args, '--namespace')).toBe('team');
    expect(flagValue(args, '--values')).toBe('/tmp/v/values.json');
    expect(flagValue(args, '--history-max')).toBe('10');
    expect(flagValue(args, '--timeout')).toBe('300s');
    expect(flagValue(args, '--output')).toBe('json');
    expect(args).toContain('--reset-values');
    for (const absent of ['--wait', '--atomic', '--take-ownership', '--set', '--reuse-values', '--force']) expect(args).not.toContain(absent);
  });

  test.each([
    ['wait adds --wait', { wait: true }, ['--wait'], ['--atomic']],
    ['atomic adds --atomic and --wait', { atomic: true }, ['--atomic', '--wait'], []],
    ['takeOwnership adds --take-ownership', { takeOwnership: true }, ['--take-ownership'], ['--wait']],
  ])('%s', (_name, change, present, absent) => {
    const args = upgradeArgs({ ...base, ...change });
    for (const flag of present) expect(args).toContain(flag);
    for (const flag of absent) expect(args).not.toContain(flag);
  });

  test('no value ever reaches the command line: only the file path does', () => {
    expect(upgradeArgs(base).filter((a) => a.includes('='))).toEqual([]);
  });
});

test('rollbackArgs names the revision and keeps the history cap', () => {
  const args = rollbackArgs({ release: 'notes', namespace: 'team', revision: 3, timeoutSeconds: 60, historyMax: 10, wait: false });
  expect(args.slice(0, 3)).toEqual(['rollback', 'notes', '3']);
  expect(flagValue(args, '--history-max')).toBe('10');
  expect(args).not.toContain('--wait');
});

test('uninstallArgs waits for the objects to be gone, bounded, and tolerates a missing release', () => {
  const args = uninstallArgs({ release: 'notes', namespace: 'team', timeoutSeconds: 120 });
  expect(args.slice(0, 2)).toEqual(['uninstall', 'notes']);
  expect(args).toEqual(expect.arrayContaining(['--wait', '--ignore-not-found']));
  expect(flagValue(args, '--timeout')).toBe('120s');
});

test('release labels travel as --labels key=value pairs', () => {
  const args = upgradeArgs({
    release: 'notes', namespace: 'ns', chartPath: '/chart', valuesFile: '/v.yaml', timeoutSeconds: 300, historyMax: 10,
    wait: false, atomic: false, takeOwnership: false, labels: { 'kryton.azrtydxb.io/inputs-hash': 'abc' },
  });
  expect(args.slice(args.indexOf('--labels'), args.indexOf('--labels') + 2)).toEqual(['--labels', 'kryton.azrtydxb.io/inputs-hash=abc']);
});
