/** HelmCli with the real helm against the local API server: the process rules it enforces. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HelmCommandError } from '../../../handlers/helm-release/helm-cli.js';
import { eventually, releaseSecrets, startCluster, writeTestChart, type Cluster } from './support.js';

let cluster: Cluster;
let chartPath: string;
beforeAll(async () => {
  cluster = await startCluster();
  chartPath = writeTestChart(cluster.workDir);
});
afterAll(async () => {
  await cluster.stop();
});

const request = (release: string, tag: string, extra: Record<string, unknown> = {}) => ({
  release,
  namespace: 'default',
  chartPath,
  values: { fullnameOverride: release, image: { tag }, ...extra },
  timeoutSeconds: 60,
  historyMax: 3,
  wait: false,
  atomic: false,
  takeOwnership: false,
});

const helmHomes = () => readdirSync(cluster.workDir).filter((name) => name.startsWith('kryton-helm-'));

test('upgrades of one release run one after the other, never into helm\'s pending lock', async () => {
  const helm = cluster.newHelm();
  const results = await Promise.all([helm.upgradeInstall(request('serial', '1')), helm.upgradeInstall(request('serial', '2')), helm.upgradeInstall(request('serial', '3'))]);
  expect(results.map((r) => r.revision).sort()).toEqual([1, 2, 3]);
  expect(helm.spawnCount).toBe(3);
});

test('history-max caps the stored revisions; status and history read the release', async () => {
  const helm = cluster.newHelm();
  for (const tag of ['1', '2', '3', '4', '5']) await helm.upgradeInstall(request('capped', tag));
  expect(releaseSecrets(cluster.server, 'default', 'capped').map((s) => s.metadata.labels?.version)).toEqual(['3', '4', '5']);
  expect(await helm.status('capped', 'default')).toEqual({ revision: 5, status: 'deployed' });
  expect((await helm.history('capped', 'default')).map((h) => `${h.revision}:${h.status}`)).toEqual(['3:superseded', '4:superseded', '5:deployed']);
  expect(await helm.status('nothing-here', 'default')).toBeUndefined();
  expect(await helm.history('nothing-here', 'default')).toEqual([]);
});

test('the values file is removed after each run, also after a failure', async () => {
  const helm = cluster.newHelm();
  await helm.upgradeInstall(request('files', '1'));
  await expect(helm.upgradeInstall(request('files', '2', { replicaCount: 'many' }))).rejects.toThrow(HelmCommandError);
  const [home] = helmHomes();
  expect(home).toBeDefined();
  for (const h of helmHomes()) expect(readdirSync(join(cluster.workDir, h, 'values'))).toEqual([]);
});

test('a secret value in a failing template does not reach the error message', async () => {
  const helm = cluster.newHelm();
  const error = await helm.upgradeInstall(request('secret', '1', { replicaCount: 'x', env: { secret: { API_TOKEN: 'tok-do-not-leak' } } })).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HelmCommandError);
  expect((error as Error).message).toMatch(/replicaCount/);
  expect((error as Error).message).not.toMatch(/tok-do-not-leak/);
});

test('terminateAll sends SIGTERM to running helm, waits for it, and refuses new runs', async () => {
  const helm = cluster.newHelm();
  await helm.upgradeInstall(request('stopped', '1'));
  const mark = cluster.server.requestLog.mark();
  cluster.server.faults.addLatency({ verb: 'patch', resource: 'deployments.apps', ms: 2_000 });
  try {
    const running = helm.upgradeInstall(request('stopped', '2')).catch((e: unknown) => e);
    await eventually(() => (cluster.server.requestLog.since(mark).some((e) => e.verb === 'get' && e.resource === 'deployments') ? true : undefined), 'helm to reach the Deployment');
    expect(helm.runningCount).toBe(1);
    await helm.terminateAll();
    expect(helm.runningCount).toBe(0);
    const error = await running;
    expect(error).toBeInstanceOf(HelmCommandError);
    expect((error as HelmCommandError).terminated).toBe(true);
  } finally {
    cluster.server.faults.reset();
  }
  // helm handles SIGTERM by marking the release failed: no pending lock is left behind.
  await eventually(() => (releaseSecrets(cluster.server, 'default', 'stopped').at(-1)?.metadata.labels?.status === 'failed' ? true : undefined), 'the revision to be marked failed');
  await expect(helm.upgradeInstall(request('stopped', '3'))).rejects.toThrow(/shutting down/);
  // Let the server's held request (if helm got to send it) end before the suite does.
  const heldUntil = Date.now() + 2_500;
  await eventually(() => (cluster.server.requestLog.since(mark).some((e) => e.verb === 'patch' && e.resource === 'deployments') || Date.now() > heldUntil ? true : undefined), 'the held request to end', 10_000);
});
