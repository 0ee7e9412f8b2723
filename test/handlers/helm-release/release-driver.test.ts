/**
 * The release driver against the local API server with the real helm: install, upgrade, skip,
 * failures that leave the last good release serving, pending recovery after a killed helm,
 * uninstall, and releases side by side.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import type { KubeObject } from '../../../framework/index.js';
import type { HelmCli } from '../../../handlers/helm-release/helm-cli.js';
import { ReleaseDriver, TAKE_OWNERSHIP_ANNOTATION, type Notifier } from '../../../handlers/helm-release/release-driver.js';
import { defaultHelmReleaseSettings, type HelmReleaseSettings } from '../../../handlers/helm-release/release-settings.js';
import { eventually, imageOf, kryton, releaseSecrets, startCluster, writeTestChart, type Cluster } from './support.js';
import { INPUTS_HASH_LABEL, inputsHashLabelValue } from '../../../handlers/helm-release/release-state.js';
import { SECRETS } from '../../../handlers/kryton/resources.js';

let cluster: Cluster;
let chartPath: string;

beforeAll(async () => {
  cluster = await startCluster();
  chartPath = writeTestChart(cluster.workDir);
});
afterAll(async () => {
  await cluster.stop();
});

interface Harness {
  helm: HelmCli;
  driver: ReleaseDriver;
  events: Array<{ type: string; reason: string; message: string }>;
  notify: Notifier;
}

function harness(overrides: Partial<HelmReleaseSettings> = {}): Harness {
  const helm = cluster.newHelm();
  const driver = new ReleaseDriver(helm, defaultHelmReleaseSettings({ chartPath, timeoutSeconds: 60, pendingStaleSeconds: 0, ...overrides }));
  const events: Harness['events'] = [];
  return { helm, driver, events, notify: { event: async (type, reason, message) => void events.push({ type, reason, message }) } };
}

async function namespace(name: string): Promise<string> {
  await cluster.client.create({ group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

const deployment = (ns: string, name: string) => cluster.server.objects('deployments.apps', ns).find((d) => d.metadata.name === name);
const statuses = (ns: string, release: string) => releaseSecrets(cluster.server, ns, release).map((s) => `${s.metadata.labels?.version}:${s.metadata.labels?.status}`);

/** Installs `name` at `version` through the driver and returns the stored fingerprint. */
async function install(h: Harness, ns: string, name: string, version: string, values?: Record<string, unknown>): Promise<string> {
  const desired = h.driver.desired(kryton(name, ns, version, values));
  const result = await h.driver.reconcile(cluster.client, desired, h.notify);
  expect(result).toMatchObject({ kind: 'applied' });
  return desired.inputsHash;
}

test('install creates revision 1 and the objects; a version change makes revision 2 with the new image tag', async () => {
  const ns = await namespace('install-upgrade');
  const h = harness();
  const desired = h.driver.desired(kryton('notes', ns, '1.0.0'));
  expect(await h.driver.reconcile(cluster.client, desired, h.notify)).toEqual({ kind: 'applied', revision: 1, installed: true });
  expect(statuses(ns, 'notes')).toEqual(['1:deployed']);
  expect(imageOf(deployment(ns, 'notes'))).toBe('example.invalid/kryton:1.0.0');
  expect(cluster.server.objects('services', ns).map((s) => s.metadata.name)).toEqual(['notes-postgresql']);

  const upgraded = h.driver.desired(kryton('notes', ns, '1.1.0'));
  expect(upgraded.inputsHash).not.toBe(desired.inputsHash);
  expect(await h.driver.reconcile(cluster.client, upgraded, h.notify, { storedHash: desired.inputsHash })).toEqual({ kind: 'applied', revision: 2, installed: false });
  expect(statuses(ns, 'notes')).toEqual(['1:superseded', '2:deployed']);
  expect(imageOf(deployment(ns, 'notes'))).toBe('example.invalid/kryton:1.1.0');
});

test('unchanged inputs start no helm process, even when the status write recording them was lost; force, or a release without the record, does', async () => {
  const ns = await namespace('unchanged');
  const h = harness();
  const hash = await install(h, ns, 'notes', '1.0.0', { replicaCount: 2 });
  const spawned = h.helm.spawnCount;
  const again = h.driver.desired(kryton('notes', ns, '1.0.0', { replicaCount: 2 }));
  expect(again.inputsHash).toBe(hash);
  expect(await h.driver.reconcile(cluster.client, again, h.notify, { storedHash: hash })).toEqual({ kind: 'unchanged', revision: 1 });
  expect(await h.driver.reconcile(cluster.client, again, h.notify, { storedHash: hash })).toEqual({ kind: 'unchanged', revision: 1 });
  expect(h.helm.spawnCount).toBe(spawned);

  expect(await h.driver.reconcile(cluster.client, again, h.notify, { storedHash: hash, force: true })).toMatchObject({ kind: 'applied', revision: 2 });
  // No fingerprint in status (its write was refused, or the operator died before it): the label
  // helm stored on the revision itself still records the inputs.
  expect(cluster.server.objects('secrets', ns).find((o) => o.metadata.name === 'sh.helm.release.v1.notes.v2')?.metadata.labels?.[INPUTS_HASH_LABEL]).toBe(inputsHashLabelValue(hash));
  expect(await h.driver.reconcile(cluster.client, again, h.notify)).toEqual({ kind: 'unchanged', revision: 2 });
  expect(h.helm.spawnCount).toBe(spawned + 1);

  // A revision without the record (installed by hand, or by an older operator) is upgraded once.
  await cluster.client.patch(SECRETS, 'sh.helm.release.v1.notes.v2', ns, { metadata: { labels: { [INPUTS_HASH_LABEL]: null } } }, 'merge');
  expect(await h.driver.reconcile(cluster.client, again, h.notify)).toMatchObject({ kind: 'applied', revision: 3 });
  expect(h.helm.spawnCount).toBe(spawned + 2);
});

test.each([
  ['a values.schema.json violation', { replicaCount: 'two' }, /replicaCount/],
  ['a template fail', { failTemplate: true }, /refusing to render/],
])('%s fails with helm\'s message, the release stays as it was, and fixing the values recovers', async (_what, badValues, message) => {
  const ns = await namespace(`bad-${Object.keys(badValues)[0]!.toLowerCase()}`);
  const h = harness();
  const hash = await install(h, ns, 'notes', '1.0.0');
  const bad = h.driver.desired(kryton('notes', ns, '2.0.0', badValues));
  const result = await h.driver.reconcile(cluster.client, bad, h.notify, { storedHash: hash });
  expect(result).toMatchObject({ kind: 'failed', terminated: false });
  expect(result.kind === 'failed' && result.message).toMatch(message);
  expect(statuses(ns, 'notes')).toEqual(['1:deployed']);
  expect(imageOf(deployment(ns, 'notes'))).toBe('example.invalid/kryton:1.0.0');

  const fixed = h.driver.desired(kryton('notes', ns, '2.0.0', { replicaCount: 3 }));
  expect(await h.driver.reconcile(cluster.client, fixed, h.notify, { storedHash: hash })).toMatchObject({ kind: 'applied', revision: 2 });
  expect(imageOf(deployment(ns, 'notes'))).toBe('example.invalid/kryton:2.0.0');
});

test('an upgrade the API server rejects is rolled back: the last good revision keeps serving', async () => {
  const ns = await namespace('rejected');
  const h = harness();
  const hash = await install(h, ns, 'notes', '1.0.0');
  const rejected = h.driver.desired(kryton('notes', ns, '2.0.0', { servicePort: 'not-a-port' }));
  const result = await h.driver.reconcile(cluster.client, rejected, h.notify, { storedHash: hash });
  expect(result).toMatchObject({ kind: 'failed', rolledBackTo: 1 });
  expect(result.kind === 'failed' && result.message).toMatch(/spec\.ports\[0\]\.port in body must be of type integer/);
  expect(statuses(ns, 'notes')).toEqual(['1:superseded', '2:failed', '3:deployed']);
  expect(imageOf(deployment(ns, 'notes'))).toBe('example.invalid/kryton:1.0.0');
  expect(h.events.map((e) => e.reason)).toEqual(['ReleaseRolledBack']);
});

test('when the rollback after a failed upgrade fails too, both reasons are reported and a fixed spec still recovers', async () => {
  const ns = await namespace('rollback-fails');
  const h = harness();
  const hash = await install(h, ns, 'notes', '1.0.0');
  const result = await h.driver.reconcile(cluster.client, h.driver.desired(kryton('notes', ns, '2.0.0', { configNamespace: 'no-such-namespace' })), h.notify, { storedHash: hash });
  expect(result).toMatchObject({ kind: 'failed' });
  expect(result.kind === 'failed' && result.message).toMatch(/namespaces "no-such-namespace" not found; the rollback to revision 1 failed too: /);

  const fixed = await h.driver.reconcile(cluster.client, h.driver.desired(kryton('notes', ns, '2.0.0')), h.notify, { storedHash: hash });
  expect(fixed).toMatchObject({ kind: 'applied' });
  expect(statuses(ns, 'notes').at(-1)).toMatch(/:deployed$/);
  expect(imageOf(deployment(ns, 'notes'))).toBe('example.invalid/kryton:2.0.0');
});

const HOLD_MS = 3_000;

/**
 * Runs helm directly, as a crashed operator would have, holds its request for the Deployment in
 * the server, and SIGKILLs it there: its revision stays pending. `before` is the request helm
 * makes just before the held one, so the kill lands while the held request is in flight.
 */
async function killHelmWhilePending(ns: string, release: string, version: string, held: 'create' | 'patch', before: { verb: string; resource: string }): Promise<void> {
  const log = cluster.server.requestLog;
  const mark = log.mark();
  cluster.server.faults.addLatency({ verb: held, resource: 'deployments.apps', ms: HOLD_MS });
  const home = join(cluster.workDir, 'killed-helm');
  const child = execa(cluster.helmBinary, ['upgrade', '--install', release, chartPath, '-n', ns, '--set', `fullnameOverride=${release},image.tag=${version}`, '--kubeconfig', cluster.kubeconfigPath], {
    env: { HELM_CACHE_HOME: join(home, 'c'), HELM_CONFIG_HOME: join(home, 'f'), HELM_DATA_HOME: join(home, 'd') },
    reject: false,
  });
  const seen = (verb: string, resource: string) => log.since(mark).some((e) => e.verb === verb && e.resource === resource && e.namespace === ns);
  try {
    await eventually(() => (seen(before.verb, before.resource) && statuses(ns, release).some((s) => /:pending-(upgrade|install)$/.test(s)) ? true : undefined), 'a pending revision');
  } finally {
    child.kill('SIGKILL');
    await child;
    cluster.server.faults.reset();
  }
  // The server holds the killed request (if helm got to send it) until its latency ends; let it end
  // before the test does, so no server timer outlives the suite.
  const heldUntil = Date.now() + HOLD_MS + 500;
  await eventually(() => (seen(held, 'deployments') || Date.now() > heldUntil ? true : undefined), 'the held request to end', HOLD_MS + 5_000);
}

test('a release left pending-upgrade by a killed helm is rolled back to the deployed revision, then upgraded', async () => {
  const ns = await namespace('pending-upgrade');
  const h = harness();
  const hash = await install(h, ns, 'notes', '1.0.0');
  await killHelmWhilePending(ns, 'notes', '9.9.9', 'patch', { verb: 'get', resource: 'deployments' });
  expect(statuses(ns, 'notes')).toEqual(['1:deployed', '2:pending-upgrade']);

  const result = await h.driver.reconcile(cluster.client, h.driver.desired(kryton('notes', ns, '1.1.0')), h.notify, { storedHash: hash });
  expect(h.events.map((e) => `${e.type}/${e.reason}`)).toEqual(['Warning/ReleaseRecovering', 'Normal/ReleaseRecovered']);
  expect(h.events[0]!.message).toMatch(/pending-upgrade at revision 2.*rolling back to revision 1/);
  expect(result).toEqual({ kind: 'applied', revision: 4, installed: false });
  // helm's rollback leaves the killed revision's record as it was; only the newest one counts.
  expect(statuses(ns, 'notes')).toEqual(['1:superseded', '2:pending-upgrade', '3:superseded', '4:deployed']);
  expect(imageOf(deployment(ns, 'notes'))).toBe('example.invalid/kryton:1.1.0');
});

test('after recovering a pending release whose desired values are the last good ones, no upgrade is needed', async () => {
  const ns = await namespace('pending-same');
  const h = harness();
  const hash = await install(h, ns, 'notes', '1.0.0');
  await killHelmWhilePending(ns, 'notes', '9.9.9', 'patch', { verb: 'get', resource: 'deployments' });
  const result = await h.driver.reconcile(cluster.client, h.driver.desired(kryton('notes', ns, '1.0.0')), h.notify, { storedHash: hash });
  expect(result).toEqual({ kind: 'unchanged', revision: 3 });
  expect(imageOf(deployment(ns, 'notes'))).toBe('example.invalid/kryton:1.0.0');
});

test('a first install left pending-install is removed and installed afresh', async () => {
  const ns = await namespace('pending-install');
  const h = harness();
  await killHelmWhilePending(ns, 'notes', '9.9.9', 'create', { verb: 'create', resource: 'services' });
  expect(statuses(ns, 'notes')).toEqual(['1:pending-install']);
  const result = await h.driver.reconcile(cluster.client, h.driver.desired(kryton('notes', ns, '1.0.0')), h.notify);
  expect(result).toEqual({ kind: 'applied', revision: 1, installed: true });
  expect(h.events.map((e) => `${e.type}/${e.reason}`)).toEqual(['Warning/ReleaseRecovering', 'Normal/ReleaseRecovered']);
  expect(statuses(ns, 'notes')).toEqual(['1:deployed']);
  expect(imageOf(deployment(ns, 'notes'))).toBe('example.invalid/kryton:1.0.0');
});

test('a pending revision younger than the stale limit is waited for, not touched', async () => {
  const ns = await namespace('pending-young');
  const h = harness({ pendingStaleSeconds: 3600 });
  const hash = await install(h, ns, 'notes', '1.0.0');
  await killHelmWhilePending(ns, 'notes', '9.9.9', 'patch', { verb: 'get', resource: 'deployments' });
  const spawned = h.helm.spawnCount;
  const result = await h.driver.reconcile(cluster.client, h.driver.desired(kryton('notes', ns, '1.0.0')), h.notify, { storedHash: hash });
  expect(result).toMatchObject({ kind: 'waiting' });
  expect(result.kind === 'waiting' && result.retryAfterSeconds).toBeGreaterThan(3000);
  expect(h.helm.spawnCount).toBe(spawned);
  expect(statuses(ns, 'notes')).toEqual(['1:deployed', '2:pending-upgrade']);
});

test('uninstall removes the release and its objects; uninstalling again is fine', async () => {
  const ns = await namespace('uninstall');
  const h = harness();
  await install(h, ns, 'notes', '1.0.0');
  await h.driver.uninstall(kryton('notes', ns, '1.0.0'));
  expect(statuses(ns, 'notes')).toEqual([]);
  expect(deployment(ns, 'notes')).toBeUndefined();
  expect(cluster.server.objects('services', ns)).toEqual([]);
  expect(cluster.server.objects('configmaps', ns).filter((c: KubeObject) => c.metadata.name === 'notes-config')).toEqual([]);
  await expect(h.driver.uninstall(kryton('notes', ns, '1.0.0'))).resolves.toBeUndefined();
});

test('two releases in one namespace never collide', async () => {
  const ns = await namespace('side-by-side');
  const h = harness();
  await Promise.all([install(h, ns, 'alpha', '1.0.0'), install(h, ns, 'beta', '2.0.0')]);
  expect(imageOf(deployment(ns, 'alpha'))).toBe('example.invalid/kryton:1.0.0');
  expect(imageOf(deployment(ns, 'beta'))).toBe('example.invalid/kryton:2.0.0');
  expect(cluster.server.objects('services', ns).map((s) => s.metadata.name).sort()).toEqual(['alpha-postgresql', 'beta-postgresql']);
  await h.driver.uninstall(kryton('alpha', ns, '1.0.0'));
  expect(statuses(ns, 'alpha')).toEqual([]);
  expect(statuses(ns, 'beta')).toEqual(['1:deployed']);
  expect(imageOf(deployment(ns, 'beta'))).toBe('example.invalid/kryton:2.0.0');
});

test('objects helm did not create are adopted only with the take-ownership annotation', async () => {
  const ns = await namespace('adopt');
  const h = harness();
  await cluster.client.create({ group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'notes-config', namespace: ns }, data: { tag: 'hand-made' } });

  const refused = await h.driver.reconcile(cluster.client, h.driver.desired(kryton('notes', ns, '1.0.0')), h.notify);
  expect(refused).toMatchObject({ kind: 'failed' });
  expect(refused.kind === 'failed' && refused.message).toMatch(/ConfigMap "notes-config" in namespace "adopt" exists and cannot be imported/);

  const owned = h.driver.desired(kryton('notes', ns, '1.0.0', undefined, { [TAKE_OWNERSHIP_ANNOTATION]: 'true' }));
  expect(await h.driver.reconcile(cluster.client, owned, h.notify)).toMatchObject({ kind: 'applied' });
  const configMap = cluster.server.objects('configmaps', ns).find((c) => c.metadata.name === 'notes-config');
  expect(configMap?.data).toEqual({ tag: '1.0.0' });
  expect(configMap?.metadata.annotations?.['meta.helm.sh/release-name']).toBe('notes');
});
