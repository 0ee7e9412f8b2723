/** Deletion over HTTP: finalizers, owner-reference garbage collection (background, foreground, orphan), namespace cascade, fake controllers. */
import { LocalApiServer } from '../../../framework/testing/index.js';
import { type Call, httpClient } from './http-client.js';
import { waitFor } from './harness.js';

const CMS = '/api/v1/namespaces/default/configmaps';
type Obj = { metadata: { name: string; uid: string; deletionTimestamp?: string; finalizers?: string[] }; [k: string]: unknown };

describe('deletion and controllers', () => {
  let server: LocalApiServer;
  let api: Call;
  const names = (ns = 'default'): string[] => server.objects('configmaps', ns).map((o) => o.metadata.name!);

  async function owner(name: string): Promise<Obj> {
    return (await api('POST', CMS, { metadata: { name } })).body as Obj;
  }
  async function dependent(name: string, own: Obj, extra: Record<string, unknown> = {}): Promise<Obj> {
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: own.metadata.name, uid: own.metadata.uid, blockOwnerDeletion: true };
    return (await api('POST', CMS, { metadata: { name, ownerReferences: [ref], ...extra } })).body as Obj;
  }

  beforeEach(async () => {
    server = await LocalApiServer.start({ tls: false });
    api = httpClient(server);
  });

  afterEach(async () => {
    await server.stop();
  });

  it('keeps an object with finalizers until they are removed', async () => {
    await api('POST', CMS, { metadata: { name: 'fin', finalizers: ['example.com/a', 'example.com/b'] } });
    const del = await api('DELETE', `${CMS}/fin`);
    expect(del.status).toBe(200);
    expect((del.body as Obj).metadata.deletionTimestamp).toBeDefined();
    await api('PATCH', `${CMS}/fin`, [{ op: 'remove', path: '/metadata/finalizers/0' }], { 'Content-Type': 'application/json-patch+json' });
    expect(names()).toContain('fin');
    await api('PATCH', `${CMS}/fin`, { metadata: { finalizers: [] } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(names()).not.toContain('fin');
  });

  it('collects dependents in the background, or in the foreground before the owner, or orphans them', async () => {
    const bg = await owner('bg');
    await dependent('bg-child', bg);
    const grandchild = await dependent('bg-grandchild', (await api('GET', `${CMS}/bg-child`)).body as Obj);
    expect(grandchild.metadata.name).toBe('bg-grandchild');
    await api('DELETE', `${CMS}/bg`, { propagationPolicy: 'Background' });
    await waitFor('background cascade', () => !names().some((n) => n.startsWith('bg')));

    const fg = await owner('fg');
    await dependent('fg-child', fg, { finalizers: ['example.com/hold'] });
    const del = await api('DELETE', `${CMS}/fg`, { propagationPolicy: 'Foreground' });
    expect((del.body as Obj).metadata.finalizers).toEqual(['foregroundDeletion']);
    await waitFor('the dependent to be deleting', () => server.objects('configmaps', 'default').find((o) => o.metadata.name === 'fg-child')?.metadata.deletionTimestamp);
    expect(names()).toContain('fg');
    await api('PATCH', `${CMS}/fg-child`, { metadata: { finalizers: null } }, { 'Content-Type': 'application/merge-patch+json' });
    await waitFor('the owner to go after its dependent', () => !names().includes('fg'));

    const or = await owner('or');
    await dependent('or-child', or);
    await api('DELETE', `${CMS}/or`, { propagationPolicy: 'Orphan' });
    const child = server.objects('configmaps', 'default').find((o) => o.metadata.name === 'or-child');
    expect(child?.metadata.ownerReferences).toBeUndefined();
  });

  it('empties a deleted namespace before removing it, and refuses new content meanwhile', async () => {
    await api('POST', '/api/v1/namespaces', { metadata: { name: 'doomed' } });
    await waitFor('the default ServiceAccount of a new namespace', () => server.objects('serviceaccounts', 'doomed').length === 1);
    await api('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'a' } });
    await api('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'held', finalizers: ['example.com/x'] } });
    const del = await api('DELETE', '/api/v1/namespaces/doomed');
    expect(del.body).toMatchObject({ status: { phase: 'Terminating' } });
    await waitFor('content removed', () => names('doomed').join() === 'held');
    expect((await api('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'late' } })).body).toMatchObject({
      code: 403, message: 'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    });
    await api('PATCH', '/api/v1/namespaces/doomed/configmaps/held', { metadata: { finalizers: null } }, { 'Content-Type': 'application/merge-patch+json' });
    await waitFor('namespace gone', async () => (await api('GET', '/api/v1/namespaces/doomed')).status === 404);
  });

  it('runs fake controllers: Deployment → ReplicaSet with ready status, Service clusterIP, Job completion', async () => {
    const d = await api('POST', '/apis/apps/v1/namespaces/default/deployments', {
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    const uid = (d.body as Obj).metadata.uid;
    const rs = await waitFor('a ready ReplicaSet', () => server.objects('replicasets.apps', 'default').find((r) => (r.status as { readyReplicas?: number } | undefined)?.readyReplicas === 2));
    expect(rs.metadata.ownerReferences).toEqual([expect.objectContaining({ uid, controller: true })]);
    await waitFor('deployment status', () => (server.objects('deployments.apps', 'default')[0].status as { observedGeneration?: number } | undefined)?.observedGeneration === 1);
    const svc = await api('POST', '/api/v1/namespaces/default/services', { metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } });
    expect(svc.body).toMatchObject({ spec: { type: 'ClusterIP', clusterIP: expect.stringMatching(/^10\.96\./), ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] } });
    await api('POST', '/apis/batch/v1/namespaces/default/jobs', { metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } });
    await waitFor('job complete', () => (server.objects('jobs.batch', 'default')[0]?.status as { succeeded?: number } | undefined)?.succeeded === 1);
    await api('POST', '/apis/apps/v1/namespaces/default/statefulsets', {
      metadata: { name: 'db' },
      spec: { replicas: 2, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'postgres' }] } } },
    });
    await waitFor('statefulset ready', () => (server.objects('statefulsets.apps', 'default')[0]?.status as { readyReplicas?: number } | undefined)?.readyReplicas === 2);
    await api('POST', '/api/v1/namespaces/default/persistentvolumeclaims', { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    await waitFor('claim bound', () => (server.objects('persistentvolumeclaims', 'default')[0]?.status as { phase?: string } | undefined)?.phase === 'Bound');
    await api('POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'once' }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } });
    await waitFor('pod succeeded', () => (server.objects('pods', 'default')[0]?.status as { phase?: string } | undefined)?.phase === 'Succeeded');
    await api('DELETE', '/apis/apps/v1/namespaces/default/deployments/web');
    await waitFor('ReplicaSet collected with its Deployment', () => server.objects('replicasets.apps', 'default').length === 0);
  });
});
