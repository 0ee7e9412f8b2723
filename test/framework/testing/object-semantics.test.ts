/** CRUD semantics over HTTP: server-set metadata, concurrency, generation, subresources, pagination, validation, discovery. */
import { LocalApiServer } from '../../../framework/testing/index.js';
import { type Call, httpClient } from './http-client.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';
const deployment = (name: string): Record<string, unknown> => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
  spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});
type Meta = { name: string; uid: string; resourceVersion: string; generation?: number; creationTimestamp: string };
const meta = (b: Record<string, unknown>): Meta => b.metadata as Meta;

describe('object semantics', () => {
  let server: LocalApiServer;
  let api: Call;

  beforeAll(async () => {
    server = await LocalApiServer.start({ tls: false });
    api = httpClient(server);
  });

  afterAll(async () => {
    await server.stop();
  });

  it('sets uid, creationTimestamp, generateName and a global monotonic resourceVersion', async () => {
    const a = await api('POST', CMS, { metadata: { generateName: 'gen-' } });
    const b = await api('POST', '/api/v1/namespaces/kube-system/configmaps', { metadata: { name: 'b' } });
    expect(a.status).toBe(201);
    expect(meta(a.body).name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(meta(a.body).uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta(a.body).creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(meta(b.body).resourceVersion)).toBeGreaterThan(Number(meta(a.body).resourceVersion));
    const list = await api('GET', '/api/v1/configmaps');
    expect((list.body.metadata as { resourceVersion: string }).resourceVersion).toBe(meta(b.body).resourceVersion);
    const missing = await api('POST', '/api/v1/namespaces/ghost/configmaps', { metadata: { name: 'x' } });
    expect(missing.body).toMatchObject({ kind: 'Status', code: 404, reason: 'NotFound', message: 'namespaces "ghost" not found' });
  });

  it('answers 409 on a stale resourceVersion, updates unconditionally without one, and bumps generation only on spec changes', async () => {
    const created = await api('POST', DEPLOYS, deployment('gen'));
    expect(meta(created.body).generation).toBe(1);
    const stale = meta(created.body).resourceVersion;
    const labelled = await api('PATCH', `${DEPLOYS}/gen`, { metadata: { labels: { x: 'y' } } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(meta(labelled.body).generation).toBe(1);
    const conflict = await api('PUT', `${DEPLOYS}/gen`, { ...deployment('gen'), metadata: { name: 'gen', resourceVersion: stale } });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ reason: 'Conflict', message: 'Operation cannot be fulfilled on deployments.apps "gen": the object has been modified; please apply your changes to the latest version and try again' });
    const spec = await api('PUT', `${DEPLOYS}/gen`, { ...deployment('gen'), spec: { ...(deployment('gen').spec as object), replicas: 4 } });
    expect(spec.status).toBe(200);
    expect(meta(spec.body).generation).toBe(2);
    const status = await api('PATCH', `${DEPLOYS}/gen/status`, { status: { replicas: 99 } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(meta(status.body).generation).toBe(2);
    const scale = await api('GET', `${DEPLOYS}/gen/scale`);
    expect(scale.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 4 }, status: { selector: 'app=gen' } });
    const scaled = await api('PUT', `${DEPLOYS}/gen/scale`, { ...scale.body, spec: { replicas: 2 } });
    expect(scaled.body).toMatchObject({ spec: { replicas: 2 } });
  });

  it('stores Events (core and events.k8s.io) and Leases as plain resources with field selectors', async () => {
    const involved = { kind: 'Pod', name: 'p1', namespace: 'default' };
    await api('POST', '/api/v1/namespaces/default/events', { metadata: { name: 'e1' }, involvedObject: involved, reason: 'Started', type: 'Normal', message: 'hi' });
    await api('POST', '/api/v1/namespaces/default/events', { metadata: { name: 'e2' }, involvedObject: { ...involved, name: 'p2' }, reason: 'Failed', type: 'Warning' });
    const forP1 = await api('GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dp1,involvedObject.kind%3DPod');
    expect((forP1.body.items as Array<{ metadata: Meta }>).map((e) => e.metadata.name)).toEqual(['e1']);
    const warnings = await api('GET', '/api/v1/events?fieldSelector=type%3DWarning');
    expect((warnings.body.items as Array<{ metadata: Meta }>).map((e) => e.metadata.name)).toEqual(['e2']);
    const ev = await api('POST', '/apis/events.k8s.io/v1/namespaces/default/events', { metadata: { name: 'e3' }, eventTime: '2024-01-01T00:00:00.000000Z', reportingController: 'x', reportingInstance: 'x-1', action: 'Sync', reason: 'Synced', regarding: involved });
    expect(ev.status).toBe(201);
    const lease = await api('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases', { metadata: { name: 'leader' }, spec: { holderIdentity: 'a', leaseDurationSeconds: 15 } });
    const rv = meta(lease.body).resourceVersion;
    const taken = await api('PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/leader', { metadata: { name: 'leader', resourceVersion: rv }, spec: { holderIdentity: 'b', leaseDurationSeconds: 15 } });
    expect(taken.status).toBe(200);
    const lost = await api('PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/leader', { metadata: { name: 'leader', resourceVersion: rv }, spec: { holderIdentity: 'c' } });
    expect(lost.status).toBe(409);
  });

  it('serves the scale and status subresources of custom resources', async () => {
    await api('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      metadata: { name: 'pools.example.com' },
      spec: {
        group: 'example.com', scope: 'Namespaced', names: { plural: 'pools', kind: 'Pool' },
        versions: [{
          name: 'v1', served: true, storage: true,
          subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } }, status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' } } } } } },
        }],
      },
    });
    const POOLS = '/apis/example.com/v1/namespaces/default/pools';
    await api('POST', POOLS, { apiVersion: 'example.com/v1', kind: 'Pool', metadata: { name: 'p' }, spec: { replicas: 1 }, status: { replicas: 7 } });
    expect((await api('GET', `${POOLS}/p`)).body.status).toBeUndefined();
    await api('PUT', `${POOLS}/p/status`, { apiVersion: 'example.com/v1', kind: 'Pool', metadata: { name: 'p' }, status: { replicas: 1, selector: 'app=p' } });
    expect((await api('GET', `${POOLS}/p/scale`)).body).toMatchObject({ kind: 'Scale', spec: { replicas: 1 }, status: { replicas: 1, selector: 'app=p' } });
    const patched = await api('PATCH', `${POOLS}/p/scale`, { spec: { replicas: 5 } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(patched.body).toMatchObject({ spec: { replicas: 5 } });
    expect((await api('GET', `${POOLS}/p`)).body).toMatchObject({ spec: { replicas: 5 }, metadata: { generation: 2 } });
    const smp = await api('PATCH', `${POOLS}/p`, { spec: { replicas: 6 } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
    expect(smp.status).toBe(415);
  });

  it('answers metadata-only requests with PartialObjectMetadata', async () => {
    await api('POST', CMS, { metadata: { name: 'meta-only', labels: { m: 'o' } }, data: { secret: 'x' } });
    const accept = { Accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json' };
    const list = await api('GET', `${CMS}?labelSelector=m%3Do`, undefined, accept);
    expect(list.body).toMatchObject({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', items: [{ kind: 'PartialObjectMetadata', metadata: { name: 'meta-only', labels: { m: 'o' } } }] });
    expect((list.body.items as Array<Record<string, unknown>>)[0].data).toBeUndefined();
    const one = await api('GET', `${CMS}/meta-only`, undefined, { Accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' });
    expect(one.body).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'meta-only' } });
  });

  it('paginates lists with limit and continue', async () => {
    for (let i = 0; i < 5; i++) await api('POST', '/api/v1/namespaces/kube-public/configmaps', { metadata: { name: `page-${i}` } });
    const names: string[] = [];
    let cont = '';
    let pages = 0;
    do {
      const page = await api('GET', `/api/v1/namespaces/kube-public/configmaps?limit=2${cont ? `&continue=${cont}` : ''}`);
      names.push(...(page.body.items as Array<{ metadata: Meta }>).map((o) => o.metadata.name));
      cont = (page.body.metadata as { continue?: string }).continue ?? '';
      pages++;
    } while (cont);
    expect(pages).toBe(3);
    expect(names).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  });

  it('rejects unknown fields and wrong types with fieldValidation=Strict, warns with Warn, and supports dry-run', async () => {
    const unknown = await api('POST', `${CMS}?fieldValidation=Strict`, { metadata: { name: 'strict' }, datta: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ reason: 'BadRequest', message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"' });
    const wrongType = await api('POST', `${DEPLOYS}?fieldValidation=Strict`, { ...deployment('typed'), spec: { ...(deployment('typed').spec as object), replicas: 'three' } });
    expect(wrongType.status).toBe(400);
    expect((wrongType.body.details as { causes: unknown[] }).causes.length).toBeGreaterThan(0);
    const warned = await api('POST', `${CMS}?fieldValidation=Warn`, { metadata: { name: 'warned' }, datta: {} });
    expect(warned.status).toBe(201);
    expect(warned.headers.get('warning')).toContain('unknown field \\"datta\\"');
    expect(warned.body.datta).toBeUndefined();
    const dry = await api('POST', `${CMS}?dryRun=All`, { metadata: { name: 'dry' } });
    expect(dry.status).toBe(201);
    expect((await api('GET', `${CMS}/dry`)).status).toBe(404);
  });

  it('serves aggregated discovery by Accept with the exact content types, legacy discovery, and OpenAPI v3 with hashes', async () => {
    const v2 = await fetch(`${server.url}/apis`, { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json' } });
    expect(v2.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const groups = (await v2.json()) as { items: Array<{ metadata: { name: string }; versions: Array<{ resources: Array<{ resource: string; shortNames?: string[]; scope: string }> }> }> };
    const apps = groups.items.find((g) => g.metadata.name === 'apps');
    expect(apps?.versions[0].resources.find((r) => r.resource === 'deployments')).toMatchObject({ shortNames: ['deploy'], scope: 'Namespaced' });
    const beta = await fetch(`${server.url}/api`, { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json' } });
    expect(beta.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    expect((await api('GET', '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    expect((await api('GET', '/api/v1')).body).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    expect((await api('GET', '/version')).body).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0' });
    const root = (await api('GET', '/openapi/v3')).body as { paths: Record<string, { serverRelativeURL: string }> };
    const url = root.paths['apis/apps/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    const doc = (await api('GET', url)).body as { paths: Record<string, { patch?: { 'x-kubernetes-group-version-kind': unknown; parameters: Array<{ name: string }> } }>; components: { schemas: Record<string, unknown> } };
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch!;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters.map((p) => p.name)).toContain('fieldValidation');
    expect(doc.components.schemas['io.k8s.api.apps.v1.Deployment']).toBeDefined();
    await api('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      metadata: { name: 'things.example.net' },
      spec: { group: 'example.net', scope: 'Cluster', names: { plural: 'things', kind: 'Thing' }, versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
    });
    const misnamed = await api('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      metadata: { name: 'wrong.example.net' },
      spec: { group: 'example.net', scope: 'Cluster', names: { plural: 'others', kind: 'Other' }, versions: [{ name: 'v1', served: true, storage: true }] },
    });
    expect(misnamed.body).toMatchObject({ code: 422, reason: 'Invalid', details: { causes: [{ field: 'metadata.name' }] } });
    const after = (await api('GET', '/openapi/v3')).body as { paths: Record<string, { serverRelativeURL: string }> };
    expect(after.paths['apis/example.net/v1alpha1'].serverRelativeURL).toMatch(/hash=/);
    expect((await api('POST', '/apis/example.net/v1alpha1/things', { apiVersion: 'example.net/v1alpha1', kind: 'Thing', metadata: { name: 't' } })).status).toBe(201);
  });
});
