import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKubeClient, type ClosableKubeClient } from '../../../framework/client/create-kube-client.js';
import type { KubeObject, ResourceRef } from '../../../framework/client/types.js';
import { LocalApiServer } from '../../../framework/testing/index.js';
import { Watcher } from '../../../framework/watch/watcher.js';
import { waitFor } from './wait-for.js';

const CONFIG_MAPS: ResourceRef = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true };
const NAMESPACES: ResourceRef = { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false };

let server: LocalApiServer;
let client: ClosableKubeClient;

beforeAll(async () => {
  server = await LocalApiServer.start({ tls: true, bookmarkIntervalMs: 200 });
  client = createKubeClient({ kubeconfigYaml: server.kubeconfig() });
  for (const name of ['team-a', 'team-b', 'team-c']) {
    await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

function configMap(namespace: string, name: string, value: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels: { watched: 'yes' } }, data: { value } };
}

describe('Watcher against a local API server', () => {
  it('sees every change exactly once through dropped watches and a forced 410', async () => {
    await client.create(CONFIG_MAPS, configMap('team-a', 'before', '0'));
    const watcher = new Watcher<KubeObject>({ client, resource: CONFIG_MAPS, namespaces: ['team-a', 'team-b'], labelSelector: 'watched=yes', backoff: { initialMs: 10, maxMs: 50 } });
    const seen: string[] = [];
    watcher.onEvent((e) => seen.push(`${e.type} ${e.object.metadata.namespace}/${e.object.metadata.name}=${(e.object.data as { value: string }).value}`));
    try {
      await watcher.start();
      expect(watcher.hasSynced()).toBe(true);
      expect(seen).toEqual(['ADDED team-a/before=0']);
      await waitFor('both watches open', () => server.openWatchCount === 2);

      await client.create(CONFIG_MAPS, configMap('team-a', 'one', '1'));
      await client.create(CONFIG_MAPS, configMap('team-c', 'elsewhere', '1')); // not a watched namespace
      await waitFor('the first add', () => seen.length === 2);

      expect(server.faults.dropWatches()).toBe(2);
      await client.patch(CONFIG_MAPS, 'one', 'team-a', { data: { value: '2' } }, 'merge'); // while reconnecting
      await client.create(CONFIG_MAPS, configMap('team-b', 'two', '1'));
      await waitFor('changes made across the drop', () => seen.length === 4);

      // Expire the resourceVersion and change things behind the watch's back: the relist must catch up.
      server.faults.expireNextWatch('configmaps');
      server.faults.expireNextWatch('configmaps');
      server.faults.dropWatches();
      await client.delete(CONFIG_MAPS, 'before', 'team-a');
      await client.patch(CONFIG_MAPS, 'two', 'team-b', { data: { value: '3' } }, 'merge');
      await waitFor('the delete and the update', () => seen.length === 6);
      await waitFor('both watches open again', () => server.openWatchCount === 2);
      await client.create(CONFIG_MAPS, configMap('team-b', 'three', '1'));
      await waitFor('an add after the relist', () => seen.length === 7);

      expect(seen.slice(0, 3)).toEqual(['ADDED team-a/before=0', 'ADDED team-a/one=1', 'MODIFIED team-a/one=2']);
      expect(seen.slice(3, 4)).toEqual(['ADDED team-b/two=1']);
      expect(seen.slice(4, 6).sort()).toEqual(['DELETED team-a/before=0', 'MODIFIED team-b/two=3']);
      expect(seen[6]).toBe('ADDED team-b/three=1');
      expect(watcher.cached().map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual(['team-a/one', 'team-b/three', 'team-b/two']);
    } finally {
      await watcher.stop();
    }
    await waitFor('the server to see both watches closed', () => server.openWatchCount === 0);
  });
});
