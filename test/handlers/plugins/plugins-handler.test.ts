/**
 * PluginsHandler run by the operator framework against the local API server: the init-container
 * appears on the chart's Deployment with the plugins, follows the list, vanishes when cleared, and
 * comes back when something takes it away — never touching the other init-containers.
 */
import type { KubeObject } from '../../../framework/index.js';
import { KRYTONS } from '../../../handlers/kryton/types.js';
import type { DeploymentShape, NamedItem } from '../../../handlers/plugins/deployment-shape.js';
import { DEPLOYMENTS } from '../../../handlers/kryton/resources.js';
import { PluginsHandler } from '../../../handlers/plugins/plugins-handler.js';
import { conditionOf, krytonObject, NAMESPACE, startKrytonCluster, waitFor, type KrytonCluster } from './kryton-cluster.js';

const DIGEST = 'ab'.repeat(32);
const migrate: NamedItem = { name: 'migrate', image: 'busybox:1.36', command: ['true'] };

/** The Deployment as the kryton chart renders it for release `name`. */
function chartDeployment(name: string): KubeObject {
  const labels = { 'app.kubernetes.io/name': 'kryton', 'app.kubernetes.io/instance': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: NAMESPACE,
      labels: { ...labels, 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: { 'kryton.azrtydxb.io/data-volume': 'data', 'kryton.azrtydxb.io/plugins-volume': 'data', 'kryton.azrtydxb.io/plugins-sub-path': 'plugins' },
    },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          initContainers: [migrate],
          containers: [{ name: 'server', image: 'ghcr.io/azrtydxb/kryton/server:4.5.0' }],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: name } }, { name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

let cluster: KrytonCluster;

beforeAll(async () => {
  cluster = await startKrytonCluster([PluginsHandler]);
});

afterAll(async () => {
  await cluster.stop();
});

const initContainers = async (name: string) =>
  (await cluster.client.get<DeploymentShape>(DEPLOYMENTS, name, NAMESPACE))?.spec?.template?.spec?.initContainers ?? [];
const installer = async (name: string) => (await initContainers(name)).find((c) => c.name === 'plugin-installer') as (NamedItem & { args: string[]; volumeMounts: unknown[] }) | undefined;

describe('PluginsHandler', () => {
  it('adds the init-container, follows the plugin list and removes it when cleared, leaving other init-containers alone', async () => {
    await cluster.client.create(DEPLOYMENTS, chartDeployment('alpha'));
    await cluster.client.create(KRYTONS, krytonObject('alpha', { plugins: [{ name: 'one.tgz', url: 'https://plugins.example/one.tgz', sha256: DIGEST }] }));

    const added = await waitFor('plugin-installer added', () => installer('alpha'));
    expect(added.args).toEqual(['one.tgz', 'https://plugins.example/one.tgz', DIGEST, 'https']);
    expect(added.volumeMounts).toEqual([{ name: 'data', mountPath: '/plugins', subPath: 'plugins' }]);
    expect((await initContainers('alpha')).map((c) => c.name)).toEqual(['migrate', 'plugin-installer']);
    await waitFor('PluginsReady', async () => (await conditionOf(cluster.client, 'alpha', 'PluginsReady'))?.reason === 'InitContainerConfigured');

    await cluster.client.patch(KRYTONS, 'alpha', NAMESPACE, { spec: { plugins: [{ name: 'two', url: 'https://plugins.example/two', sha256: DIGEST }] } }, 'merge');
    await waitFor('plugin list followed', async () => (await installer('alpha'))?.args[0] === 'two');
    expect((await initContainers('alpha')).map((c) => c.name)).toEqual(['migrate', 'plugin-installer']);

    await cluster.client.patch(KRYTONS, 'alpha', NAMESPACE, { spec: { plugins: [] } }, 'merge');
    await waitFor('plugin-installer removed', async () => (await installer('alpha')) === undefined);
    expect(await initContainers('alpha')).toMatchObject([migrate]);
    const volumes = (await cluster.client.get<DeploymentShape>(DEPLOYMENTS, 'alpha', NAMESPACE))?.spec?.template?.spec?.volumes?.map((v) => v.name);
    expect(volumes).toEqual(['data', 'tmp']);
    await waitFor('PluginsReady NoPlugins', async () => (await conditionOf(cluster.client, 'alpha', 'PluginsReady'))?.reason === 'NoPlugins');
  });

  it('waits for the Deployment the Helm release creates, then adds the init-container', async () => {
    await cluster.client.create(KRYTONS, krytonObject('beta', { plugins: [{ name: 'one', url: 'https://plugins.example/one', sha256: DIGEST }] }));
    await waitFor('WaitingForDeployment', async () => (await conditionOf(cluster.client, 'beta', 'PluginsReady'))?.reason === 'WaitingForDeployment');

    await cluster.client.create(DEPLOYMENTS, chartDeployment('beta'));

    await waitFor('plugin-installer added', () => installer('beta'));
  });

  it('puts the init-container back when the Deployment loses it, and then stops writing', async () => {
    await cluster.client.create(DEPLOYMENTS, chartDeployment('gamma'));
    await cluster.client.create(KRYTONS, krytonObject('gamma', { plugins: [{ name: 'one', url: 'https://plugins.example/one', sha256: DIGEST }] }));
    await waitFor('plugin-installer added', () => installer('gamma'));

    await cluster.client.patch(DEPLOYMENTS, 'gamma', NAMESPACE, { spec: { template: { spec: { initContainers: [migrate] } } } }, 'merge');

    await waitFor('plugin-installer restored', () => installer('gamma'));

    // Touch the Deployment without changing the pod template: the handler runs again and must not
    // write. Once its read shows it started, a plugin change queues a run that must write once;
    // runs for one object are serialised, so a write from the first would show up as a second patch.
    const mark = cluster.server.requestLog.mark();
    await cluster.client.patch(DEPLOYMENTS, 'gamma', NAMESPACE, { metadata: { labels: { touched: 'yes' } } }, 'merge');
    const onGamma = (verb: string) => cluster.server.requestLog.since(mark).filter((e) => e.verb === verb && e.resource === 'deployments' && e.name === 'gamma');
    const touchSeq = onGamma('patch')[0]!.seq;
    const since = (verb: string) => onGamma(verb).filter((e) => e.seq > touchSeq);
    await waitFor('handler re-read the touched Deployment', () => since('get').length > 0);
    await cluster.client.patch(KRYTONS, 'gamma', NAMESPACE, { spec: { plugins: [{ name: 'two', url: 'https://plugins.example/two', sha256: DIGEST }] } }, 'merge');
    await waitFor('plugin change applied', async () => (await installer('gamma'))?.args[0] === 'two');

    expect(since('patch')).toHaveLength(1);
  });

  it('reports a Deployment without the volume plugins live on, and leaves it untouched', async () => {
    const deployment = chartDeployment('delta') as KubeObject & { spec: { template: { spec: { volumes: NamedItem[] } } } };
    deployment.spec.template.spec.volumes = [{ name: 'tmp', emptyDir: {} }];
    await cluster.client.create(DEPLOYMENTS, deployment);
    const before = (await cluster.client.get(DEPLOYMENTS, 'delta', NAMESPACE))!.metadata.resourceVersion;

    await cluster.client.create(KRYTONS, krytonObject('delta', { plugins: [{ name: 'ok', url: 'https://h/ok', sha256: DIGEST }] }));

    await waitFor('NoPluginsVolume', async () => (await conditionOf(cluster.client, 'delta', 'PluginsReady'))?.reason === 'NoPluginsVolume');
    expect((await conditionOf(cluster.client, 'delta', 'PluginsReady'))?.message).toContain('has no volume "data"');
    expect((await cluster.client.get(DEPLOYMENTS, 'delta', NAMESPACE))!.metadata.resourceVersion).toBe(before);
  });
});
