/** Injected faults and the request log, observed through HTTP. */
import { LocalApiServer } from '../../../framework/testing/index.js';
import { type Call, httpClient } from './http-client.js';

const CMS = '/api/v1/namespaces/default/configmaps';

describe('faults and request log', () => {
  let server: LocalApiServer;
  let api: Call;

  beforeEach(async () => {
    server = await LocalApiServer.start({ tls: false });
    api = httpClient(server);
  });

  afterEach(async () => {
    await server.stop();
  });

  it('fails matching requests with 429 + Retry-After, 409 and 500, a given number of times', async () => {
    server.faults.failRequests({ verb: 'create', resource: 'configmaps', code: 429, rate: 1, times: 1, retryAfterSeconds: 3 });
    const throttled = await api('POST', CMS, { metadata: { name: 'a' } });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect(throttled.body).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 3 } });
    expect((await api('POST', CMS, { metadata: { name: 'a' } })).status).toBe(201);
    server.faults.failRequests({ verb: 'update', code: 409, rate: 1 });
    server.faults.failRequests({ resource: 'deployments.apps', code: 500, rate: 1 });
    expect((await api('PUT', `${CMS}/a`, { metadata: { name: 'a' } })).status).toBe(409);
    expect((await api('GET', '/apis/apps/v1/namespaces/default/deployments')).status).toBe(500);
    expect((await api('GET', CMS)).status).toBe(200);
    server.faults.reset();
    expect((await api('PUT', `${CMS}/a`, { metadata: { name: 'a' } })).status).toBe(200);
  });

  it('applies a partial error rate from the given random source', async () => {
    const draws = [0.1, 0.9, 0.2, 0.8];
    server.faults.setRandom(() => draws.shift() ?? 1);
    server.faults.failRequests({ verb: 'list', code: 500, rate: 0.5 });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await api('GET', CMS)).status);
    expect(codes).toEqual([500, 200, 500, 200]);
  });

  it('adds latency to matching requests only', async () => {
    server.faults.addLatency({ verb: 'get', ms: 150 });
    await api('POST', CMS, { metadata: { name: 'slow' } });
    const started = performance.now();
    await api('GET', `${CMS}/slow`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('logs every request with verb, resource, namespace, name, code and user, counts verbs and writes since a mark', async () => {
    await api('POST', CMS, { metadata: { name: 'x' } });
    const mark = server.requestLog.mark();
    await api('GET', `${CMS}/x`);
    await api('GET', `${CMS}/missing`);
    await api('PATCH', `${CMS}/x`, { data: { a: 'b' } }, { 'Content-Type': 'application/merge-patch+json' });
    await api('DELETE', `${CMS}/x`);
    await api('GET', '/version');
    expect(server.requestLog.writesSince(mark)).toBe(2);
    expect(server.requestLog.writesSince(mark, 'secrets')).toBe(0);
    expect(server.requestLog.filter({ verb: 'get', name: 'missing' })).toEqual([
      expect.objectContaining({ resource: 'configmaps', namespace: 'default', code: 404, user: 'kryton-local-admin', path: `${CMS}/missing` }),
    ]);
    expect(server.requestLog.counts()).toMatchObject({ create: 1, get: 2, patch: 1, delete: 1, GET: 1 });
    server.requestLog.clear();
    expect(server.requestLog.all()).toEqual([]);
  });
});
