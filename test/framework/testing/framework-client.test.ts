/** The framework's own client (on @kubernetes/client-node) uses the server's kubeconfigs as they are, over HTTPS. */
import { ApiError, createKubeClient, type ClosableKubeClient, type KubeObject, type ResourceRef } from '../../../framework/index.js';
import { LocalApiServer } from '../../../framework/testing/index.js';
import { waitFor } from './harness.js';

const configmaps: ResourceRef = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true };

describe('framework client against the local API server', () => {
  let server: LocalApiServer;
  const clients: ClosableKubeClient[] = [];

  beforeAll(async () => {
    server = await LocalApiServer.start({ rbac: true });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
  });

  it('creates, lists, patches and watches with the admin kubeconfig', async () => {
    const client = createKubeClient({ kubeconfigYaml: server.kubeconfig() });
    clients.push(client);
    const created = await client.create(configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fc', namespace: 'default' }, data: { a: '1' } } as KubeObject);
    expect(created.metadata.uid).toBeDefined();
    const events: string[] = [];
    const abort = new AbortController();
    const watching = client.watch(configmaps, { namespace: 'default', resourceVersion: created.metadata.resourceVersion }, (e) => events.push(`${e.type} ${e.object.metadata.name}`), abort.signal);
    await client.patch(configmaps, 'fc', 'default', { data: { a: '2' } }, 'merge');
    await waitFor('the watch event', () => events.includes('MODIFIED fc'));
    abort.abort();
    await watching.catch((e: unknown) => {
      if (!(e instanceof Error && e.name === 'AbortError')) throw e;
    });
    const list = await client.list(configmaps, { namespace: 'default' });
    expect(list.items.map((o) => o.metadata.name)).toContain('fc');
  });

  it('is refused with ApiError 403 as a ServiceAccount without permissions', async () => {
    const client = createKubeClient({ kubeconfigYaml: server.kubeconfig({ serviceAccount: { namespace: 'default', name: 'nobody' } }) });
    clients.push(client);
    const err = await client.list(configmaps, { namespace: 'default' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(403);
  });
});
