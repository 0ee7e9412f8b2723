/**
 * The claim the plugins patch rests on, checked with the real helm and the real kryton chart: once
 * the operator has added its init-container to the release's Deployment, `helm upgrade` applies
 * its own changes and leaves the init-container alone (helm's three-way merge only removes what an
 * earlier release of the chart rendered), so helm and the operator never undo each other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { KRYTONS } from '../../../handlers/kryton/types.js';
import { DEFAULT_JOB_IMAGES } from '../../../handlers/kryton/images.js';
import { pluginsDeploymentPatch, pluginsVolumeOf } from '../../../handlers/plugins/deployment-patch.js';
import type { DeploymentShape } from '../../../handlers/plugins/deployment-shape.js';
import { DEPLOYMENTS } from '../../../handlers/kryton/resources.js';
import { renderPluginInstaller } from '../../../handlers/plugins/render.js';
import { PluginsHandler } from '../../../handlers/plugins/plugins-handler.js';
import { locateBinary } from '../../../handlers/tools/verified-binary.js';
import { krytonObject, NAMESPACE, startKrytonCluster, waitFor, type KrytonCluster } from './kryton-cluster.js';

const DIGEST = 'ab'.repeat(32);
let cluster: KrytonCluster;
let work: string;

beforeAll(async () => {
  cluster = await startKrytonCluster([PluginsHandler]);
  work = mkdtempSync(join(tmpdir(), 'kryton-helm-'));
});

afterAll(async () => {
  await cluster.stop();
  rmSync(work, { recursive: true, force: true });
});

async function helmUpgrade(...sets: string[]) {
  const kubeconfig = join(work, 'kubeconfig');
  cluster.server.writeKubeconfig(kubeconfig);
  const result = await execa(
    locateBinary('helm'),
    ['upgrade', '--install', 'notes', 'chart/kryton', '--namespace', NAMESPACE, '--set', 'fullnameOverride=notes', '--set', 'postgresql.fullnameOverride=notes-postgresql', '--set', 'plugins.enabled=true', ...sets.flatMap((s) => ['--set', s])],
    {
      reject: false,
      extendEnv: false,
      timeout: 120_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: work,
        KUBECONFIG: kubeconfig,
        HELM_CACHE_HOME: join(work, 'helm-cache'),
        HELM_CONFIG_HOME: join(work, 'helm-config'),
        HELM_DATA_HOME: join(work, 'helm-data'),
      },
    },
  );
  if (result.exitCode !== 0) throw new Error(`helm upgrade failed: ${result.stderr}`);
}

const deployment = () => cluster.client.get<DeploymentShape>(DEPLOYMENTS, 'notes', NAMESPACE);
const initNames = async () => ((await deployment())?.spec?.template?.spec?.initContainers ?? []).map((c) => c.name);

it('helm upgrade keeps the operator’s init-container and the operator has nothing to redo', async () => {
  await helmUpgrade();
  const kryton = krytonObject('notes', { plugins: [{ name: 'one', url: 'https://plugins.example/one', sha256: DIGEST }] });
  await cluster.client.create(KRYTONS, kryton);
  await waitFor('plugin-installer added', async () => (await initNames()).includes('plugin-installer'));
  await cluster.operator.stop();

  await helmUpgrade('podAnnotations.revision=two');

  const upgraded = (await deployment())!;
  expect((upgraded.spec?.template?.metadata as { annotations?: Record<string, string> }).annotations?.revision).toBe('two');
  expect(await initNames()).toContain('plugin-installer');
  const volumeMount = upgraded.spec?.template?.spec?.initContainers?.find((c) => c.name === 'plugin-installer')?.volumeMounts;
  expect(volumeMount).toEqual([{ name: 'data', mountPath: '/plugins', subPath: 'plugins' }]);
  const lookup = pluginsVolumeOf(upgraded);
  if (!lookup.found) throw new Error(lookup.problem);
  expect(pluginsDeploymentPatch(upgraded, renderPluginInstaller(kryton, DEFAULT_JOB_IMAGES, lookup.volume))).toEqual([]);
});
