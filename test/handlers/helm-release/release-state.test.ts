import { decideRecovery, INPUTS_HASH_LABEL, inputsHashLabelValue, isPending, releaseStateFromLabels } from '../../../handlers/helm-release/release-state.js';

const rev = (version: number, status: string, modifiedAt?: number, name = 'notes') => ({
  owner: 'helm',
  name,
  status,
  version: String(version),
  ...(modifiedAt !== undefined ? { modifiedAt: String(modifiedAt) } : {}),
});

describe('releaseStateFromLabels', () => {
  test('no Secrets: no release', () => {
    expect(releaseStateFromLabels('notes', [])).toEqual({ revisions: [] });
  });

  test('orders revisions numerically and finds the latest and the last good one', () => {
    const state = releaseStateFromLabels('notes', [rev(10, 'failed'), rev(2, 'superseded'), rev(9, 'deployed')]);
    expect(state.revisions.map((r) => r.revision)).toEqual([2, 9, 10]);
    expect(state.latest).toMatchObject({ revision: 10, status: 'failed' });
    expect(state.lastGood).toMatchObject({ revision: 9, status: 'deployed' });
  });

  test('falls back to the newest superseded revision when none is deployed', () => {
    const state = releaseStateFromLabels('notes', [rev(1, 'superseded'), rev(2, 'superseded'), rev(3, 'pending-upgrade')]);
    expect(state.lastGood?.revision).toBe(2);
  });

  test('ignores other releases, non-helm Secrets and malformed versions', () => {
    const state = releaseStateFromLabels('notes', [rev(1, 'deployed', undefined, 'notes-2'), { ...rev(5, 'deployed'), owner: 'someone' }, { ...rev(1, 'deployed'), version: 'x' }, rev(3, 'deployed')]);
    expect(state.revisions.map((r) => r.revision)).toEqual([3]);
  });

  test('reads the change time from modifiedAt, else createdAt', () => {
    const state = releaseStateFromLabels('notes', [{ ...rev(1, 'deployed'), createdAt: '100' }, { ...rev(2, 'pending-upgrade', 200), createdAt: '150' }]);
    expect(state.revisions.map((r) => r.changedAt)).toEqual([100, 200]);
  });

  test('an unknown status label reads as unknown', () => {
    expect(releaseStateFromLabels('notes', [rev(1, 'weird')]).latest?.status).toBe('unknown');
  });
});

describe('isPending', () => {
  test.each([
    ['pending-install', true],
    ['pending-upgrade', true],
    ['pending-rollback', true],
    ['deployed', false],
    ['failed', false],
    ['uninstalling', false],
  ] as const)('%s → %s', (status, expected) => {
    expect(isPending(status)).toBe(expected);
  });
});

describe('decideRecovery', () => {
  const now = 10_000;
  test.each([
    ['no release', [], { action: 'none' }],
    ['a deployed release', [rev(1, 'superseded'), rev(2, 'deployed')], { action: 'none' }],
    ['a failed latest revision (helm upgrades from it)', [rev(1, 'deployed'), rev(2, 'failed')], { action: 'none' }],
    ['pending-upgrade with a deployed revision', [rev(1, 'deployed'), rev(2, 'pending-upgrade', now - 600)], { action: 'rollback', toRevision: 1 }],
    ['pending-rollback with a superseded revision', [rev(1, 'superseded'), rev(2, 'failed'), rev(3, 'pending-rollback', now - 600)], { action: 'rollback', toRevision: 1 }],
    ['pending-install at revision 1', [rev(1, 'pending-install', now - 600)], { action: 'uninstall' }],
    ['pending-upgrade with nothing good before it', [rev(1, 'failed'), rev(2, 'pending-upgrade', now - 600)], { action: 'uninstall' }],
    ['a half-uninstalled release', [rev(1, 'uninstalling', now)], { action: 'uninstall' }],
    ['pending without any timestamp (stale)', [rev(1, 'deployed'), rev(2, 'pending-upgrade')], { action: 'rollback', toRevision: 1 }],
  ])('%s', (_name, labels, expected) => {
    expect(decideRecovery(releaseStateFromLabels('notes', labels), now, 300)).toMatchObject(expected);
  });

  test('a pending revision younger than the stale limit is waited for, for the rest of the limit', () => {
    const state = releaseStateFromLabels('notes', [rev(1, 'deployed'), rev(2, 'pending-upgrade', now - 100)]);
    expect(decideRecovery(state, now, 300)).toMatchObject({ action: 'wait', retryAfterSeconds: 200, stuck: { revision: 2, status: 'pending-upgrade' } });
  });

  test('with a stale limit of 0 a pending revision is recovered at once', () => {
    const state = releaseStateFromLabels('notes', [rev(1, 'deployed'), rev(2, 'pending-upgrade', now)]);
    expect(decideRecovery(state, now, 0)).toMatchObject({ action: 'rollback', toRevision: 1 });
  });
});

test('a revision carries the inputs hash label the operator gave it, sized to a label value', () => {
  const hash = `sha256:${'a'.repeat(64)}`;
  expect(inputsHashLabelValue(hash)).toHaveLength(63);
  const state = releaseStateFromLabels('notes', [{ owner: 'helm', name: 'notes', status: 'deployed', version: '1', [INPUTS_HASH_LABEL]: inputsHashLabelValue(hash) }]);
  expect(state.latest?.inputsHash).toBe('a'.repeat(63));
});
