import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKubeClient, type ClosableKubeClient } from '../../../framework/client/create-kube-client.js';
import { ApiError, type KubeObject, type ResourceRef, type WatchEvent } from '../../../framework/client/types.js';
import { LocalApiServer } from '../../../framework/testing/index.js';
import { waitFor } from '../watch/wait-for.js';

const CONFIG_MAPS: ResourceRef = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true };
const DEPLOYMENTS: ResourceRef = { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true };

function configMap(name: string, data: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels: { suite: 'client' } }, data };
}

function deployment(name: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'registry.example/app:1' }] } },
    },
  };
}

let server: LocalApiServer;
let client: ClosableKubeClient;

beforeAll(async () => {
  server = await LocalApiServer.start({ tls: true });
  client = createKubeClient({ kubeconfigYaml: server.kubeconfig(), userAgent: 'client-suite/1.0', maxSockets: 4 });
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

describe('the client adapter against a local API server over TLS with a bearer token', () => {
  it('creates, gets, lists by label with pagination, replaces and deletes', async () => {
    for (const name of ['c1', 'c2', 'c3']) await client.create(CONFIG_MAPS, configMap(name, { n: name }));
    const got = await client.get(CONFIG_MAPS, 'c1', 'default');
    expect(got).toMatchObject({ kind: 'ConfigMap', data: { n: 'c1' } });
    const first = await client.list(CONFIG_MAPS, { namespace: 'default', labelSelector: 'suite=client', limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.continue).toBeDefined();
    const rest = await client.list(CONFIG_MAPS, { namespace: 'default', labelSelector: 'suite=client', limit: 2, continue: first.continue });
    expect([...first.items, ...rest.items].map((o) => o.metadata.name).sort()).toEqual(['c1', 'c2', 'c3']);
    const replaced = await client.replace(CONFIG_MAPS, { ...got!, data: { n: 'changed' } });
    expect(replaced.data).toEqual({ n: 'changed' });
    const stale = await client.replace(CONFIG_MAPS, { ...got!, data: { n: 'stale' } }).catch((e: unknown) => e);
    expect((stale as ApiError).isConflict).toBe(true);
    await expect(client.delete(CONFIG_MAPS, 'c1', 'default')).resolves.toBe(true);
    await expect(client.delete(CONFIG_MAPS, 'c1', 'default')).resolves.toBe(false);
    await expect(client.get(CONFIG_MAPS, 'c1', 'default')).resolves.toBeUndefined();
  });

  it('patches with merge, JSON, strategic merge and server-side apply, and the status subresource', async () => {
    await client.create(DEPLOYMENTS, deployment('web'));
    await client.patch(DEPLOYMENTS, 'web', 'default', { metadata: { labels: { tier: 'front' } } }, 'merge');
    await client.patch(DEPLOYMENTS, 'web', 'default', [{ op: 'replace', path: '/spec/replicas', value: 3 }], 'json');
    await client.patch(DEPLOYMENTS, 'web', 'default', { spec: { template: { spec: { containers: [{ name: 'side', image: 'registry.example/side:1' }] } } } }, 'strategic');
    const applied = await client.patch(DEPLOYMENTS, 'web', 'default', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', annotations: { owner: 'suite' } } }, 'apply', { fieldManager: 'suite', force: true });
    expect(applied.metadata).toMatchObject({ labels: { tier: 'front' }, annotations: { owner: 'suite' } });
    const spec = applied.spec as { replicas: number; template: { spec: { containers: { name: string }[] } } };
    expect(spec.replicas).toBe(3);
    expect(spec.template.spec.containers.map((c) => c.name).sort()).toEqual(['main', 'side']);
    const withStatus = await client.patch(DEPLOYMENTS, 'web', 'default', { status: { observedGeneration: 7 } }, 'merge', { subresource: 'status' });
    expect(withStatus.status).toMatchObject({ observedGeneration: 7 });
  });

  it('watches from a resourceVersion and reports an expired one as ApiError 410', async () => {
    const list = await client.list(CONFIG_MAPS, { namespace: 'default' });
    const stop = new AbortController();
    const events: WatchEvent[] = [];
    const watching = client.watch(CONFIG_MAPS, { namespace: 'default', resourceVersion: list.resourceVersion, allowWatchBookmarks: true }, (event) => {
      events.push(event);
      if (event.type === 'DELETED') stop.abort();
    }, stop.signal);
    await client.create(CONFIG_MAPS, configMap('w1'));
    await client.delete(CONFIG_MAPS, 'w1', 'default');
    await watching;
    expect(events.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED w1', 'DELETED w1']);

    server.faults.expireNextWatch('configmaps');
    const expired = await client.watch(CONFIG_MAPS, { namespace: 'default', resourceVersion: list.resourceVersion }, () => undefined, new AbortController().signal).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(ApiError);
    expect((expired as ApiError).code).toBe(410);
  });

  it('carries Retry-After from a 429', async () => {
    server.faults.failRequests({ verb: 'get', resource: 'configmaps', code: 429, rate: 1, times: 1, retryAfterSeconds: 4 });
    const error = await client.get(CONFIG_MAPS, 'c2', 'default').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 429, retryAfterSeconds: 4 });
  });

  it('reuses one socket for watches the server ends, instead of opening one per reconnect', async () => {
    const list = await client.list(CONFIG_MAPS, { namespace: 'default' });
    for (let i = 0; i < 30; i += 1) {
      const watching = client.watch(CONFIG_MAPS, { namespace: 'default', resourceVersion: list.resourceVersion }, () => undefined, new AbortController().signal);
      await waitFor('the watch to open', () => server.openWatchCount === 1);
      server.faults.dropWatches();
      await watching;
    }
    expect((await client.socketCounts()).watches).toBe(1);
  });

  it('keeps the request pool within maxSockets', async () => {
    await Promise.all(Array.from({ length: 100 }, () => client.get(CONFIG_MAPS, 'c2', 'default')));
    expect((await client.socketCounts()).requests).toBeLessThanOrEqual(4);
  });
});
