import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import nock from 'nock';
import { createKubeClient, type ClosableKubeClient } from '../../../framework/client/create-kube-client.js';
import { ApiError, type KubeObject, type ResourceRef, type WatchEvent } from '../../../framework/client/types.js';

const SERVER = 'https://kube.test:6443';
const KUBECONFIG = `
apiVersion: v1
kind: Config
clusters:
- name: test
  cluster: { server: "${SERVER}", insecure-skip-tls-verify: true }
users:
- name: test
  user: { token: secret-token }
contexts:
- name: test
  context: { cluster: test, user: test, namespace: team-a }
current-context: test
`;

const CONFIG_MAPS: ResourceRef = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true };
const WIDGETS: ResourceRef = { group: 'example.com', version: 'v1alpha1', plural: 'widgets', kind: 'Widget', namespaced: true };
const NAMESPACES: ResourceRef = { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false };

function configMap(name: string, rv = '1'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'team-a', resourceVersion: rv }, data: { a: '1' } };
}

function status(code: number, reason: string, message: string): object {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message };
}

let client: ClosableKubeClient;
const api = (): nock.Scope => nock(SERVER, { reqheaders: { authorization: 'Bearer secret-token' } });

beforeAll(() => {
  nock.disableNetConnect();
  client = createKubeClient({ kubeconfigYaml: KUBECONFIG, userAgent: 'test-operator/1.0' });
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});
afterAll(async () => {
  await client.close();
  nock.enableNetConnect();
});

describe('get', () => {
  it('returns the object on 200, with the user agent and bearer token sent', async () => {
    const scope = api().matchHeader('user-agent', 'test-operator/1.0')
      .get('/api/v1/namespaces/team-a/configmaps/one').reply(200, configMap('one'));
    await expect(client.get(CONFIG_MAPS, 'one', 'team-a')).resolves.toEqual(configMap('one'));
    scope.done();
  });

  it('returns undefined on 404', async () => {
    const scope = api().get('/apis/example.com/v1alpha1/namespaces/team-a/widgets/gone')
      .reply(404, status(404, 'NotFound', 'widgets "gone" not found'));
    await expect(client.get(WIDGETS, 'gone', 'team-a')).resolves.toBeUndefined();
    scope.done();
  });

  it('addresses cluster-scoped resources without a namespace', async () => {
    const scope = api().get('/api/v1/namespaces/team-a').reply(200, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    await expect(client.get(NAMESPACES, 'team-a')).resolves.toMatchObject({ metadata: { name: 'team-a' } });
    scope.done();
  });

  it('raises ApiError with code, reason and message from the Status body on other failures', async () => {
    const scope = api().get('/api/v1/namespaces/team-a/configmaps/x')
      .reply(403, status(403, 'Forbidden', 'configmaps "x" is forbidden: no RBAC'));
    const error = await client.get(CONFIG_MAPS, 'x', 'team-a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect((error as ApiError).message).toContain('configmaps "x" is forbidden: no RBAC');
    scope.done();
  });
});

describe('list', () => {
  it('passes selectors, limit and continue, and returns items with apiVersion/kind filled in', async () => {
    const scope = api()
      .get('/api/v1/namespaces/team-a/configmaps')
      .query({ labelSelector: 'app=x', fieldSelector: 'metadata.name=one', limit: '1' })
      .reply(200, { kind: 'ConfigMapList', metadata: { resourceVersion: '77', continue: 'tok' }, items: [{ metadata: { name: 'one' } }] })
      .get('/api/v1/namespaces/team-a/configmaps')
      .query({ labelSelector: 'app=x', limit: '1', continue: 'tok' })
      .reply(200, { kind: 'ConfigMapList', metadata: { resourceVersion: '78' }, items: [{ metadata: { name: 'two' } }] });
    const first = await client.list(CONFIG_MAPS, { namespace: 'team-a', labelSelector: 'app=x', fieldSelector: 'metadata.name=one', limit: 1 });
    expect(first).toEqual({ items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' } }], resourceVersion: '77', continue: 'tok' });
    const second = await client.list(CONFIG_MAPS, { namespace: 'team-a', labelSelector: 'app=x', limit: 1, continue: 'tok' });
    expect(second.continue).toBeUndefined();
    expect(second.items[0]).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two' } });
    scope.done();
  });

  it('lists across all namespaces when none is given', async () => {
    const scope = api().get('/apis/example.com/v1alpha1/widgets').reply(200, { metadata: { resourceVersion: '5' }, items: [] });
    await expect(client.list(WIDGETS)).resolves.toEqual({ items: [], resourceVersion: '5', continue: undefined });
    scope.done();
  });
});

describe('writes', () => {
  it('creates in the object namespace with dryRun and fieldManager', async () => {
    const scope = api()
      .post('/api/v1/namespaces/team-a/configmaps', (body: KubeObject) => body.metadata.name === 'one')
      .query({ dryRun: 'All', fieldManager: 'me' })
      .matchHeader('content-type', 'application/json')
      .reply(201, configMap('one', '9'));
    await expect(client.create(CONFIG_MAPS, configMap('one'), { dryRun: true, fieldManager: 'me' })).resolves.toMatchObject({ metadata: { resourceVersion: '9' } });
    scope.done();
  });

  it('replaces with PUT on the object path and raises a Conflict ApiError on 409', async () => {
    const scope = api().put('/api/v1/namespaces/team-a/configmaps/one')
      .reply(409, status(409, 'Conflict', 'the object has been modified'));
    const error = await client.replace(CONFIG_MAPS, configMap('one')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).isConflict).toBe(true);
    scope.done();
  });

  it.each([
    ['merge', 'application/merge-patch+json', { data: { a: '2' } }],
    ['json', 'application/json-patch+json', [{ op: 'replace', path: '/data/a', value: '2' }]],
    ['strategic', 'application/strategic-merge-patch+json', { data: { a: '2' } }],
  ] as const)('patches with %s as %s', async (type, contentType, patch) => {
    const scope = api()
      .patch('/api/v1/namespaces/team-a/configmaps/one', JSON.parse(JSON.stringify(patch)) as nock.RequestBodyMatcher)
      .matchHeader('content-type', contentType)
      .reply(200, configMap('one', '2'));
    await expect(client.patch(CONFIG_MAPS, 'one', 'team-a', patch, type)).resolves.toMatchObject({ metadata: { resourceVersion: '2' } });
    scope.done();
  });

  it('server-side applies with fieldManager and force in the query', async () => {
    const scope = api()
      .patch('/apis/example.com/v1alpha1/namespaces/team-a/widgets/w1')
      .query({ fieldManager: 'my-operator', force: 'true' })
      .matchHeader('content-type', 'application/apply-patch+yaml')
      .reply(200, { apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: { name: 'w1' } });
    await client.patch(WIDGETS, 'w1', 'team-a', { apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: { name: 'w1' } }, 'apply', { fieldManager: 'my-operator', force: true });
    scope.done();
  });

  it('server-side apply without a field manager uses the client default (the user agent product)', async () => {
    const scope = api().patch('/api/v1/namespaces/team-a/configmaps/one').query({ fieldManager: 'test-operator' }).reply(200, configMap('one'));
    await client.patch(CONFIG_MAPS, 'one', 'team-a', configMap('one'), 'apply');
    scope.done();
  });

  it('patches the status subresource on its own path', async () => {
    const scope = api()
      .patch('/apis/example.com/v1alpha1/namespaces/team-a/widgets/w1/status', { status: { phase: 'Ready' } })
      .matchHeader('content-type', 'application/merge-patch+json')
      .reply(200, { apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: { name: 'w1' }, status: { phase: 'Ready' } });
    await expect(client.patch(WIDGETS, 'w1', 'team-a', { status: { phase: 'Ready' } }, 'merge', { subresource: 'status' }))
      .resolves.toMatchObject({ status: { phase: 'Ready' } });
    scope.done();
  });

  it('deletes with propagation policy; true when deleted, false on 404', async () => {
    const scope = api()
      .delete('/api/v1/namespaces/team-a/configmaps/one', { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Foreground' })
      .reply(200, status(200, '', ''))
      .delete('/api/v1/namespaces/team-a/configmaps/two')
      .reply(404, status(404, 'NotFound', 'configmaps "two" not found'));
    await expect(client.delete(CONFIG_MAPS, 'one', 'team-a', { propagationPolicy: 'Foreground' })).resolves.toBe(true);
    await expect(client.delete(CONFIG_MAPS, 'two', 'team-a')).resolves.toBe(false);
    scope.done();
  });
});

describe('errors', () => {
  it('carries Retry-After seconds on 429', async () => {
    const scope = api().get('/api/v1/namespaces/team-a/configmaps')
      .reply(429, status(429, 'TooManyRequests', 'slow down'), { 'Retry-After': '7' });
    const error = await client.list(CONFIG_MAPS, { namespace: 'team-a' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 429, reason: 'TooManyRequests', retryAfterSeconds: 7 });
    scope.done();
  });

  it('falls back to the HTTP status when the body is not a Status', async () => {
    const scope = api().get('/api/v1/namespaces/team-a/configmaps/one').reply(503, '<html>bad gateway</html>');
    const error = await client.get(CONFIG_MAPS, 'one', 'team-a').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 503, reason: 'ServiceUnavailable', retryAfterSeconds: undefined });
    scope.done();
  });
});

describe('watch', () => {
  const watchQuery = { watch: 'true', resourceVersion: '10', allowWatchBookmarks: 'true', labelSelector: 'app=x', timeoutSeconds: '300' };
  const options = { namespace: 'team-a', resourceVersion: '10', allowWatchBookmarks: true, labelSelector: 'app=x', timeoutSeconds: 300 };

  it('streams NDJSON events, split across chunks, and resolves when the server closes', async () => {
    const lines = [
      JSON.stringify({ type: 'ADDED', object: configMap('one', '11') }),
      JSON.stringify({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '12' } } }),
      JSON.stringify({ type: 'DELETED', object: configMap('one', '13') }),
    ].join('\n') + '\n';
    const body = new PassThrough();
    const scope = api().get('/api/v1/namespaces/team-a/configmaps').query(watchQuery).reply(200, () => body);
    const events: WatchEvent[] = [];
    const watching = client.watch(CONFIG_MAPS, options, (event) => events.push(event), new AbortController().signal);
    // Cut the stream mid-line and mid-character-sequence: events must still come out whole.
    const cuts = [7, 80, 81, 150];
    let from = 0;
    for (const cut of cuts) {
      body.write(lines.slice(from, cut));
      from = cut;
      await new Promise((resolve) => setImmediate(resolve));
    }
    body.end(lines.slice(from));
    await watching;
    expect(events.map((e) => [e.type, e.object.metadata.resourceVersion])).toEqual([['ADDED', '11'], ['BOOKMARK', '12'], ['DELETED', '13']]);
    scope.done();
  });

  it('rejects with ApiError 410 on an ERROR event carrying an expired Status, after earlier events', async () => {
    const lines = [
      JSON.stringify({ type: 'MODIFIED', object: configMap('one', '11') }),
      JSON.stringify({ type: 'ERROR', object: status(410, 'Expired', 'too old resource version: 10 (20)') }),
    ].join('\n');
    const scope = api().get('/api/v1/namespaces/team-a/configmaps').query(watchQuery).reply(200, lines);
    const events: WatchEvent[] = [];
    const error = await client.watch(CONFIG_MAPS, options, (event) => events.push(event), new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).isGone).toBe(true);
    expect(events).toHaveLength(1);
    scope.done();
  });

  it('rejects with ApiError on a non-2xx watch answer', async () => {
    const scope = api().get('/api/v1/namespaces/team-a/configmaps').query(watchQuery)
      .reply(429, status(429, 'TooManyRequests', 'later'), { 'Retry-After': '3' });
    const error = await client.watch(CONFIG_MAPS, options, () => undefined, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 429, retryAfterSeconds: 3 });
    scope.done();
  });

  it('rejects with the listener error instead of swallowing it', async () => {
    const scope = api().get('/api/v1/namespaces/team-a/configmaps').query(watchQuery)
      .reply(200, JSON.stringify({ type: 'ADDED', object: configMap('one') }) + '\n');
    const failure = client.watch(CONFIG_MAPS, options, () => { throw new Error('listener broke'); }, new AbortController().signal);
    await expect(failure).rejects.toThrow('listener broke');
    scope.done();
  });

  it('rejects when the connection is cut mid-stream, after delivering what arrived', async () => {
    const body = new PassThrough();
    const scope = api().get('/api/v1/namespaces/team-a/configmaps').query(watchQuery).reply(200, () => body);
    const events: WatchEvent[] = [];
    const watching = client.watch(CONFIG_MAPS, options, (event) => events.push(event), new AbortController().signal);
    body.write(JSON.stringify({ type: 'ADDED', object: configMap('one') }) + '\n{"type":"MODI');
    await new Promise((resolve) => setImmediate(resolve));
    body.destroy(new Error('socket hang up'));
    await expect(watching).rejects.toThrow();
    expect(events).toHaveLength(1);
    scope.done();
  });

  it('rejects with a transport error when the connection fails', async () => {
    const scope = api().get('/api/v1/namespaces/team-a/configmaps/one').replyWithError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    await expect(client.get(CONFIG_MAPS, 'one', 'team-a')).rejects.toThrow('GET /api/v1/namespaces/team-a/configmaps/one: read ECONNRESET');
    scope.done();
  });

  it('resolves without error when aborted mid-stream', async () => {
    const controller = new AbortController();
    const body = new PassThrough();
    body.write(JSON.stringify({ type: 'ADDED', object: configMap('one') }) + '\n'); // and never ends
    const scope = api().get('/api/v1/namespaces/team-a/configmaps').query(watchQuery).reply(200, () => body);
    const events: WatchEvent[] = [];
    await expect(client.watch(CONFIG_MAPS, options, (event) => {
      events.push(event);
      controller.abort();
    }, controller.signal)).resolves.toBeUndefined();
    expect(events).toHaveLength(1);
    body.destroy();
    scope.done();
  });
});
