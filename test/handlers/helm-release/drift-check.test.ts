/**
 * The drift timer's method, called directly with a context on the real client (the framework's
 * timer only decides when it runs): nothing when the release is as recorded, an upgrade when its
 * Deployment is gone, and no request at all when the check is off.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { silentLogger, upsertCondition, type HandlerContext, type KubeObject } from '../../../framework/index.js';
import type { HelmCli } from '../../../handlers/helm-release/helm-cli.js';
import { HelmReleaseHandler } from '../../../handlers/helm-release/helm-release-handler.js';
import { KRYTONS, type Kryton } from '../../../handlers/kryton/types.js';
import { startCluster, writeTestChart, type Cluster } from './support.js';

let cluster: Cluster;
let helm: HelmCli;
let chartPath: string;
const NS = 'drift';

beforeAll(async () => {
  cluster = await startCluster();
  cluster.server.create('customresourcedefinitions.apiextensions.k8s.io', parse(readFileSync('deploy/crd/bases/kryton.azrtydxb.io_krytons.yaml', 'utf8')) as KubeObject);
  cluster.server.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  helm = cluster.newHelm();
  chartPath = writeTestChart(cluster.workDir);
});
afterAll(async () => {
  await cluster.stop();
});

const events: Array<{ type: string; reason: string; message: string }> = [];

/** A handler context on the real client, for the object as it is stored now. */
async function contextFor(name: string): Promise<HandlerContext<Kryton>> {
  const object = (await cluster.client.get<Kryton>(KRYTONS, name, NS))!;
  let current = object;
  const writeStatus = async (status: Record<string, unknown>) => {
    current = await cluster.client.patch<Kryton>(KRYTONS, name, NS, { status }, 'merge', { subresource: 'status' });
  };
  return {
    object, cause: 'timer', diff: [], old: undefined, new: undefined, retry: 0, handlerId: 'test', logger: silentLogger(), client: cluster.client, signal: new AbortController().signal,
    patchStatus: writeStatus,
    setCondition: async (input) => {
      const { conditions, changed } = upsertCondition(current.status?.conditions, input, current.metadata.generation, new Date());
      if (changed) await writeStatus({ conditions });
    },
    event: async (type, reason, message) => void events.push({ type, reason, message }),
  };
}

const deploymentExists = () => cluster.server.objects('deployments.apps', NS).some((d) => d.metadata.name === 'notes');

test('the drift check does nothing while the release is as recorded, and upgrades once its Deployment is gone', async () => {
  await cluster.client.create<Kryton>(KRYTONS, { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name: 'notes', namespace: NS }, spec: { version: '1.0.0' } });
  const handler = new HelmReleaseHandler({ chartPath, driftCheckSeconds: 0.001 }, helm);
  await handler.reconcileRelease(await contextFor('notes'));
  expect((await cluster.client.get<Kryton>(KRYTONS, 'notes', NS))?.status?.helmRevision).toBe(1);
  const spawned = helm.spawnCount;

  await handler.checkDrift(await contextFor('notes'));
  expect(helm.spawnCount).toBe(spawned);

  await cluster.client.delete({ group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true }, 'notes', NS);
  expect(deploymentExists()).toBe(false);
  await handler.checkDrift(await contextFor('notes'));
  expect(helm.spawnCount).toBe(spawned + 1);
  expect(deploymentExists()).toBe(true);
  expect(events.map((e) => e.reason)).toEqual(['Installed', 'ReleaseDrift', 'Upgraded']);
  expect((await cluster.client.get<Kryton>(KRYTONS, 'notes', NS))?.status?.helmRevision).toBe(2);
});

test('with the check off (the default) the timer makes no request and starts no helm', async () => {
  const handler = new HelmReleaseHandler({ chartPath }, helm);
  const ctx = await contextFor('notes');
  const mark = cluster.server.requestLog.mark();
  const spawned = helm.spawnCount;
  await cluster.client.delete({ group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true }, 'notes', NS);
  await handler.checkDrift(ctx);
  expect(cluster.server.requestLog.since(mark).map((e) => e.verb)).toEqual(['delete']);
  expect(helm.spawnCount).toBe(spawned);
});
