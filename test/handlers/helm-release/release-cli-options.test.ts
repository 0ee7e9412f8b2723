import { Command } from 'commander';
import { addHelmReleaseOptions, helmReleaseSettingsFromFlags, type HelmReleaseFlags } from '../../../handlers/helm-release/release-cli-options.js';

describe('helmReleaseSettingsFromFlags', () => {
  test('no flags: no overrides, the defaults stay', () => {
    expect(helmReleaseSettingsFromFlags({})).toEqual({});
  });

  test('every flag maps to its setting', () => {
    expect(
      helmReleaseSettingsFromFlags({ helmTimeoutSeconds: '60', helmHistoryMax: '5', helmWait: true, helmAtomic: true, helmPendingStaleSeconds: '0', helmMaxConcurrent: '2', helmDriftCheckSeconds: '3600' }),
    ).toEqual({ timeoutSeconds: 60, historyMax: 5, wait: true, atomic: true, pendingStaleSeconds: 0, maxConcurrentHelm: 2, driftCheckSeconds: 3600 });
  });

  test.each([
    [{ helmTimeoutSeconds: 'soon' }, /--helm-timeout-seconds must be a number, got "soon"/],
    [{ helmHistoryMax: '0' }, /historyMax must be a whole number >= 1/],
    [{ helmMaxConcurrent: '1.5' }, /maxConcurrentHelm must be a whole number >= 1/],
    [{ helmPendingStaleSeconds: '-1' }, /pendingStaleSeconds must be a number >= 0/],
  ] as Array<[HelmReleaseFlags, RegExp]>)('refuses %j', (flags, message) => {
    expect(() => helmReleaseSettingsFromFlags(flags)).toThrow(message);
  });
});

test('the options parse from the command line and from the environment', () => {
  const command = addHelmReleaseOptions(new Command('run').exitOverride());
  process.env.HELM_MAX_CONCURRENT = '3';
  try {
    command.parse(['--helm-pending-stale-seconds', '0', '--helm-wait'], { from: 'user' });
  } finally {
    delete process.env.HELM_MAX_CONCURRENT;
  }
  expect(helmReleaseSettingsFromFlags(command.opts<HelmReleaseFlags>())).toEqual({ pendingStaleSeconds: 0, wait: true, maxConcurrentHelm: 3 });
});
