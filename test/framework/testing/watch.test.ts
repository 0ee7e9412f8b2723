/** Watch semantics over HTTP: initial events, replay, 410 Gone, bookmarks, timeouts, selectors, tables, dropped streams. */
import { LocalApiServer } from '../../../framework/testing/index.js';
import { type Call, httpClient, openWatch } from './http-client.js';
import { waitFor } from './harness.js';

const cm = (name: string, labels: Record<string, string> = {}): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { v: name } });
const CMS = '/api/v1/namespaces/default/configmaps';

describe('watch', () => {
  let server: LocalApiServer;
  let api: Call;

  beforeEach(async () => {
    server = await LocalApiServer.start({ tls: false, watchHistory: 5, bookmarkIntervalMs: 50 });
    api = httpClient(server);
  });

  afterEach(async () => {
    await server.stop();
  });

  it('sends ADDED for existing objects without a resourceVersion, then live events, and stays open', async () => {
    await api('POST', CMS, cm('a'));
    const w = await openWatch(server, `${CMS}?watch=true`);
    try {
      await waitFor('initial event', () => w.events.length === 1);
      expect(w.events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'a' } } });
      await api('PUT', `${CMS}/a`, { ...cm('a'), data: { v: 'changed' } });
      await api('DELETE', `${CMS}/a`);
      await waitFor('live events', () => w.events.length === 3);
      expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
      expect(server.openWatchCount).toBe(1);
    } finally {
      w.close();
    }
    await waitFor('the server to notice the client left', () => server.openWatchCount === 0);
  });

  it('replays the events after a resourceVersion and answers 410 Gone once it fell out of the history', async () => {
    const first = await api('POST', CMS, cm('r0'));
    const rv = (first.body.metadata as { resourceVersion: string }).resourceVersion;
    for (let i = 1; i <= 3; i++) await api('POST', CMS, cm(`r${i}`));
    const w = await openWatch(server, `${CMS}?watch=true&resourceVersion=${rv}`);
    await waitFor('replayed events', () => w.events.length === 3);
    expect(w.events.map((e) => e.object.metadata.name)).toEqual(['r1', 'r2', 'r3']);
    w.close();
    for (let i = 4; i <= 9; i++) await api('POST', CMS, cm(`r${i}`));
    const gone = await api('GET', `${CMS}?watch=true&resourceVersion=${rv}`);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
    expect(String(gone.body.message)).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('sends bookmarks when allowed and ends the stream after timeoutSeconds', async () => {
    const w = await openWatch(server, `${CMS}?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=${server.resourceVersion}`);
    await waitFor('a bookmark', () => w.events.some((e) => e.type === 'BOOKMARK'));
    expect(w.events.find((e) => e.type === 'BOOKMARK')?.object).toMatchObject({ kind: 'ConfigMap', metadata: { resourceVersion: server.resourceVersion } });
    await w.ended;
    expect(server.openWatchCount).toBe(0);
  });

  it('marks the end of initial events with sendInitialEvents', async () => {
    await api('POST', CMS, cm('init'));
    const w = await openWatch(server, `${CMS}?watch=true&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan`);
    try {
      await waitFor('initial events end', () => w.events.some((e) => e.object.metadata.annotations?.['k8s.io/initial-events-end'] === 'true'));
      expect(w.events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'init' } } });
    } finally {
      w.close();
    }
  });

  it('filters by label and field selectors and namespace, and sends Table rows when asked', async () => {
    const w = await openWatch(server, `${CMS}?watch=true&labelSelector=team%20in%20(a)&fieldSelector=metadata.name!%3Dskip`);
    const t = await openWatch(server, `${CMS}?watch=true`, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    try {
      await api('POST', CMS, cm('keep', { team: 'a' }));
      await api('POST', CMS, cm('skip', { team: 'a' }));
      await api('POST', CMS, cm('other', { team: 'b' }));
      await api('POST', '/api/v1/namespaces/kube-system/configmaps', cm('elsewhere', { team: 'a' }));
      await api('PATCH', `${CMS}/other`, { metadata: { labels: { team: 'a' } } }, { 'Content-Type': 'application/merge-patch+json' });
      await api('PATCH', `${CMS}/keep`, { metadata: { labels: { team: 'c' } } }, { 'Content-Type': 'application/merge-patch+json' });
      await waitFor('table events', () => t.events.length === 5);
      expect(w.events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'keep'], ['ADDED', 'other'], ['DELETED', 'keep']]);
      expect(t.events[0].object).toMatchObject({ kind: 'Table', rows: [{ cells: ['keep', 1, expect.any(String)], object: { kind: 'PartialObjectMetadata' } }] });
    } finally {
      w.close();
      t.close();
    }
  });

  it('ends the watches of a custom resource when its CRD is deleted', async () => {
    await api('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      metadata: { name: 'gizmos.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'gizmos', kind: 'Gizmo' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
    });
    await api('POST', '/apis/example.com/v1/namespaces/default/gizmos', { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g' } });
    const w = await openWatch(server, '/apis/example.com/v1/namespaces/default/gizmos?watch=true');
    const cms = await openWatch(server, `${CMS}?watch=true`);
    await waitFor('the initial event', () => w.events.length === 1);
    await api('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gizmos.example.com');
    await w.ended;
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    expect(server.openWatchCount).toBe(1);
    cms.close();
  });

  it('drops every open watch on demand and expires the next watch of a resource', async () => {
    const a = await openWatch(server, `${CMS}?watch=true`);
    const b = await openWatch(server, '/apis/apps/v1/deployments?watch=true');
    await waitFor('both open', () => server.openWatchCount === 2);
    expect(server.faults.dropWatches()).toBe(2);
    await Promise.all([a.ended, b.ended]);
    server.faults.expireNextWatch('configmaps');
    const expired = await api('GET', `${CMS}?watch=true&resourceVersion=${server.resourceVersion}`);
    expect(expired.status).toBe(410);
    const next = await openWatch(server, `${CMS}?watch=true&resourceVersion=${server.resourceVersion}`);
    expect(next.status).toBe(200);
    next.close();
  });
});
