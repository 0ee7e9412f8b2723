/**
 * HelmReleaseHandler in a running operator against the local API server, with the real helm and
 * the embedded kryton chart: create, upgrade, no helm when nothing changed (also across a restart),
 * a failed upgrade that leaves the release serving and recovers once fixed, a release left pending
 * while the operator was down, delete, and two Krytons side by side.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { container, type DependencyContainer } from 'tsyringe';
import { parse } from 'yaml';
import { createTestOperator, type KubeObject, type Operator } from '../../../framework/index.js';
import type { HelmCli } from '../../../handlers/helm-release/helm-cli.js';
import { HELM_CLI, HELM_RELEASE_SETTINGS, HelmReleaseHandler } from '../../../handlers/helm-release/helm-release-handler.js';
import { ReadyConditionHandler } from '../../../handlers/helm-release/ready-condition-handler.js';
import { embeddedChartPath } from '../../../handlers/helm-release/release-settings.js';
import { KRYTONS, type Condition, type Kryton } from '../../../handlers/kryton/types.js';
import { eventually, imageOf, releaseSecrets, startCluster, type Cluster } from './support.js';

let cluster: Cluster;
let helm: HelmCli;
let parent: DependencyContainer;
let operator: Operator | undefined;

const IMAGE = 'ghcr.io/azrtydxb/kryton/server';

beforeAll(async () => {
  cluster = await startCluster();
  cluster.server.create('customresourcedefinitions.apiextensions.k8s.io', parse(readFileSync('deploy/crd/bases/kryton.azrtydxb.io_krytons.yaml', 'utf8')) as KubeObject);
  helm = cluster.newHelm();
  parent = container.createChildContainer();
  parent.registerInstance(HELM_CLI, helm);
  parent.registerInstance(HELM_RELEASE_SETTINGS, { chartPath: embeddedChartPath(), timeoutSeconds: 60, pendingStaleSeconds: 0, uninstallTimeoutSeconds: 30 });
  await startOperator();
});

afterAll(async () => {
  await operator?.stop();
  await cluster.stop();
});

async function startOperator(): Promise<void> {
  operator = createTestOperator({ client: cluster.client, handlers: [HelmReleaseHandler, ReadyConditionHandler], container: parent });
  await operator.start();
}

async function stopOperator(): Promise<void> {
  await operator?.stop();
  operator = undefined;
}

async function namespace(name: string): Promise<string> {
  cluster.server.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

async function createKryton(ns: string, name: string, version: string, values?: Record<string, unknown>): Promise<void> {
  await cluster.client.create<Kryton>(KRYTONS, { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name, namespace: ns }, spec: { version, ...(values ? { values } : {}) } });
}

async function patchSpec(ns: string, name: string, spec: Record<string, unknown>): Promise<void> {
  await cluster.client.patch(KRYTONS, name, ns, { spec }, 'merge');
}

const getKryton = (ns: string, name: string) => cluster.client.get<Kryton>(KRYTONS, name, ns);
const condition = (k: Kryton | undefined, type: string): Condition | undefined => k?.status?.conditions?.find((c) => c.type === type);
const deployment = (ns: string, name: string) => cluster.server.objects('deployments.apps', ns).find((d) => d.metadata.name === name);
const statuses = (ns: string, release: string) => releaseSecrets(cluster.server, ns, release).map((s) => `${s.metadata.labels?.version}:${s.metadata.labels?.status}`);
const events = (ns: string, name: string) =>
  cluster.server.objects('events', ns).filter((e) => (e.involvedObject as { name?: string }).name === name).map((e) => ({ type: e.type as string, reason: e.reason as string, message: e.message as string }));

/**
 * Waits until the Kryton is Released at `revision` and its Ready summary has caught up with that
 * (ReadyConditionHandler runs after the release handler in the same cycle), and returns it.
 */
function released(ns: string, name: string, revision: number): Promise<Kryton> {
  return eventually(async () => {
    const k = await getKryton(ns, name);
    const ready = condition(k, 'Ready');
    const caughtUp = ready !== undefined && ready.status !== 'Unknown' && ready.observedGeneration === k?.metadata.generation;
    return condition(k, 'Released')?.status === 'True' && k?.status?.helmRevision === revision && caughtUp ? k : undefined;
  }, `${ns}/${name} released at revision ${revision}`);
}

test('create installs revision 1 and reports it; a version change upgrades to revision 2 with the new image', async () => {
  const ns = await namespace('create-upgrade');
  await createKryton(ns, 'notes', '4.5.0');
  const k = await released(ns, 'notes', 1);
  expect(k.status).toMatchObject({ helmRevision: 1, observedVersion: '4.5.0', observedGeneration: 1 });
  expect(k.status?.releaseInputsHash).toMatch(/^sha256:/);
  expect(condition(k, 'Ready')).toMatchObject({ status: 'True' });
  expect(imageOf(deployment(ns, 'notes'))).toBe(`${IMAGE}:4.5.0`);
  expect(cluster.server.objects('secrets', ns).map((s) => s.metadata.name)).toEqual(expect.arrayContaining(['notes-postgresql', 'sh.helm.release.v1.notes.v1']));
  expect(events(ns, 'notes')).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Normal', reason: 'Installed' })]));

  await patchSpec(ns, 'notes', { version: '4.6.0' });
  const upgraded = await released(ns, 'notes', 2);
  expect(upgraded.status).toMatchObject({ observedVersion: '4.6.0', observedGeneration: 2 });
  expect(imageOf(deployment(ns, 'notes'))).toBe(`${IMAGE}:4.6.0`);
  expect(statuses(ns, 'notes')).toEqual(['1:superseded', '2:deployed']);
});

test('an unrelated change and an operator restart start no helm process and write no status', async () => {
  const ns = await namespace('no-op');
  await createKryton(ns, 'notes', '4.5.0', { replicaCount: 1 });
  await released(ns, 'notes', 1);
  const spawned = helm.spawnCount;
  const mark = cluster.server.requestLog.mark();
  const releaseReads = () => cluster.server.requestLog.since(mark).filter((e) => e.verb === 'list' && e.resource === 'secrets' && e.namespace === ns).length;
  const annotate = (value: string) => cluster.client.patch(KRYTONS, 'notes', ns, { metadata: { annotations: { team: value } } }, 'merge');

  // An annotation change is an update: the handler runs, compares fingerprints, and stops there.
  await annotate('docs');
  await eventually(() => (releaseReads() >= 1 ? true : undefined), 'the handler to look at the release');
  await stopOperator();
  await startOperator();
  await eventually(() => (releaseReads() >= 2 ? true : undefined), 'the resumed handler to look at the release');
  // One object is handled one change at a time: once this third look happens, the resume is over.
  await annotate('wiki');
  await eventually(() => (releaseReads() >= 3 ? true : undefined), 'the handler to look at the release again');

  expect(helm.spawnCount).toBe(spawned);
  expect(cluster.server.requestLog.since(mark).filter((e) => e.resource === 'krytons' && e.subresource === 'status')).toEqual([]);
  expect(statuses(ns, 'notes')).toEqual(['1:deployed']);
});

test('bad values: Released and Ready False in helm\'s words, the release keeps serving; fixing the values recovers', async () => {
  const ns = await namespace('bad-values');
  await createKryton(ns, 'notes', '4.5.0');
  await released(ns, 'notes', 1);
  await patchSpec(ns, 'notes', { version: '4.6.0', values: { replicaCount: 'two' } });
  const failed = await eventually(async () => {
    const k = await getKryton(ns, 'notes');
    // Ready summarises every concern's condition, so it follows Released in a later status write.
    return condition(k, 'Released')?.status === 'False' && condition(k, 'Ready')?.status === 'False' ? k : undefined;
  }, 'Released=False and Ready=False');
  expect(condition(failed, 'Released')).toMatchObject({ reason: 'UpgradeFailed' });
  expect(condition(failed, 'Released')?.message).toMatch(/replicaCount: Invalid type\. Expected: integer, given: string.*revision 1 keeps serving/);
  expect(condition(failed, 'Ready')).toMatchObject({ status: 'False' });
  expect(failed.status).toMatchObject({ helmRevision: 1, observedVersion: '4.5.0' });
  expect(imageOf(deployment(ns, 'notes'))).toBe(`${IMAGE}:4.5.0`);
  expect(statuses(ns, 'notes')).toEqual(['1:deployed']);
  expect(events(ns, 'notes').some((e) => e.type === 'Warning' && /replicaCount/.test(e.message))).toBe(true);

  await patchSpec(ns, 'notes', { values: { replicaCount: 2 } });
  const fixed = await released(ns, 'notes', 2);
  expect(condition(fixed, 'Ready')).toMatchObject({ status: 'True' });
  expect(fixed.status?.observedVersion).toBe('4.6.0');
  expect(imageOf(deployment(ns, 'notes'))).toBe(`${IMAGE}:4.6.0`);
});

test('a release left pending-upgrade while the operator was down is recovered on the next start', async () => {
  const ns = await namespace('pending');
  await createKryton(ns, 'notes', '4.5.0');
  await released(ns, 'notes', 1);
  await stopOperator();

  // A helm killed with SIGKILL in the middle of an upgrade, as when the operator's pod is killed.
  const mark = cluster.server.requestLog.mark();
  cluster.server.faults.addLatency({ verb: 'patch', resource: 'deployments.apps', ms: 3_000 });
  const home = join(cluster.workDir, 'killed-helm');
  const child = execa(cluster.helmBinary, ['upgrade', 'notes', embeddedChartPath(), '-n', ns, '--reuse-values', '--set', 'image.tag=9.9.9', '--kubeconfig', cluster.kubeconfigPath], {
    env: { HELM_CACHE_HOME: join(home, 'c'), HELM_CONFIG_HOME: join(home, 'f'), HELM_DATA_HOME: join(home, 'd') },
    reject: false,
  });
  const seen = (verb: string) => cluster.server.requestLog.since(mark).some((e) => e.verb === verb && e.resource === 'deployments' && e.namespace === ns);
  try {
    await eventually(() => (seen('get') && statuses(ns, 'notes').includes('2:pending-upgrade') ? true : undefined), 'the upgrade to be pending');
  } finally {
    child.kill('SIGKILL');
    await child;
    cluster.server.faults.reset();
  }
  const heldUntil = Date.now() + 3_500;
  await eventually(() => (seen('patch') || Date.now() > heldUntil ? true : undefined), 'the held request to end', 10_000);
  expect(statuses(ns, 'notes')).toEqual(['1:deployed', '2:pending-upgrade']);

  await startOperator();
  const recovered = await released(ns, 'notes', 3);
  expect(statuses(ns, 'notes').at(-1)).toBe('3:deployed');
  expect(recovered.status?.observedVersion).toBe('4.5.0');
  expect(imageOf(deployment(ns, 'notes'))).toBe(`${IMAGE}:4.5.0`);
  const reasons = events(ns, 'notes').map((e) => `${e.type}/${e.reason}`);
  expect(reasons).toEqual(expect.arrayContaining(['Warning/ReleaseRecovering', 'Normal/ReleaseRecovered']));
});

test('delete uninstalls the release and its objects, then the Kryton is gone', async () => {
  const ns = await namespace('delete');
  await createKryton(ns, 'notes', '4.5.0');
  await released(ns, 'notes', 1);
  expect(deployment(ns, 'notes')).toBeDefined();
  await cluster.client.delete(KRYTONS, 'notes', ns);
  await eventually(async () => ((await getKryton(ns, 'notes')) === undefined ? true : undefined), 'the Kryton to be gone');
  expect(statuses(ns, 'notes')).toEqual([]);
  expect(deployment(ns, 'notes')).toBeUndefined();
  expect(cluster.server.objects('statefulsets.apps', ns)).toEqual([]);
  expect(cluster.server.objects('services', ns)).toEqual([]);
});

test('two Krytons in one namespace get separate releases and objects', async () => {
  const ns = await namespace('two');
  await Promise.all([createKryton(ns, 'alpha', '4.5.0'), createKryton(ns, 'beta', '4.6.0')]);
  await Promise.all([released(ns, 'alpha', 1), released(ns, 'beta', 1)]);
  expect(imageOf(deployment(ns, 'alpha'))).toBe(`${IMAGE}:4.5.0`);
  expect(imageOf(deployment(ns, 'beta'))).toBe(`${IMAGE}:4.6.0`);
  const names = cluster.server.objects('services', ns).map((s) => s.metadata.name).sort();
  expect(names).toEqual(['alpha', 'alpha-postgresql', 'beta', 'beta-postgresql']);
});
