/**
 * Kubernetes protobuf request bodies, encoded here field by field as client-go's generated code
 * does (k8s\0 envelope around runtime.Unknown), decoded by the server and stored as JSON.
 */
import protobuf from 'protobufjs/minimal.js';
import { LocalApiServer } from '../../../framework/testing/index.js';
import { decodeProtobufBody } from '../../../framework/testing/server/protobuf.js';
import { type Call, httpClient } from './http-client.js';

const PB = 'application/vnd.kubernetes.protobuf';

type Field = [number, string | Uint8Array | number | boolean];

/** Encodes a message from (field number, value) pairs: strings and bytes length-delimited, numbers varints. */
function message(fields: Field[]): Uint8Array {
  const w = protobuf.Writer.create();
  for (const [no, v] of fields) {
    if (typeof v === 'string') w.uint32((no << 3) | 2).string(v);
    else if (v instanceof Uint8Array) w.uint32((no << 3) | 2).bytes(v);
    else if (typeof v === 'boolean') w.uint32(no << 3).bool(v);
    else w.uint32(no << 3).int64(v);
  }
  return w.finish();
}

const entry = (no: number, k: string, v: string | Uint8Array): Field => [no, message([[1, k], [2, v]])];

function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const body = message([[1, message([[1, apiVersion], [2, kind]])], [2, raw], [3, ''], [4, '']]);
  return Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), body]);
}

function objectMeta(name: string, labels: Record<string, string>): Uint8Array {
  return message([[1, name], [2, ''], [3, ''], [8, message([])], ...Object.entries(labels).map(([k, v]) => entry(11, k, v))]);
}

describe('protobuf request bodies', () => {
  let server: LocalApiServer;
  let api: Call;

  beforeAll(async () => {
    server = await LocalApiServer.start({ tls: false });
    api = httpClient(server);
  });

  afterAll(async () => {
    await server.stop();
  });

  it('creates and updates a Secret as helm stores a release', async () => {
    const payload = Buffer.from('H4sIAAAAAAAA/release');
    const secret = message([[1, objectMeta('sh.helm.release.v1.r.v1', { owner: 'helm', status: 'pending-install' })], entry(2, 'release', payload), [3, 'helm.sh/release.v1']]);
    const created = await api('POST', '/api/v1/namespaces/default/secrets', envelope('v1', 'Secret', secret), { 'Content-Type': PB, Accept: `${PB},application/json` });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/json');
    expect(created.body).toMatchObject({ type: 'helm.sh/release.v1', data: { release: payload.toString('base64') }, metadata: { labels: { owner: 'helm', status: 'pending-install' } } });
    const updated = message([[1, objectMeta('sh.helm.release.v1.r.v1', { owner: 'helm', status: 'deployed' })], entry(2, 'release', payload), [3, 'helm.sh/release.v1']]);
    const put = await api('PUT', '/api/v1/namespaces/default/secrets/sh.helm.release.v1.r.v1', envelope('v1', 'Secret', updated), { 'Content-Type': PB });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ metadata: { labels: { status: 'deployed' } } });
  });

  it('decodes ConfigMaps, Namespaces and DeleteOptions (dryRun in the body is honoured)', async () => {
    const ns = message([[1, objectMeta('pb-ns', {})], [2, message([[1, 'kubernetes']])]]);
    expect((await api('POST', '/api/v1/namespaces', envelope('v1', 'Namespace', ns), { 'Content-Type': PB })).status).toBe(201);
    const cmMsg = message([[1, objectMeta('pb-cm', { a: 'b' })], entry(2, 'key', 'value'), entry(3, 'bin', new Uint8Array([1, 2, 3]))]);
    const cm = await api('POST', '/api/v1/namespaces/pb-ns/configmaps', envelope('v1', 'ConfigMap', cmMsg), { 'Content-Type': PB });
    expect(cm.body).toMatchObject({ data: { key: 'value' }, binaryData: { bin: 'AQID' }, metadata: { namespace: 'pb-ns', labels: { a: 'b' } } });
    const dryRun = envelope('v1', 'DeleteOptions', message([[4, 'Background'], [5, 'All']]));
    expect((await api('DELETE', '/api/v1/namespaces/pb-ns/configmaps/pb-cm', dryRun, { 'Content-Type': PB })).status).toBe(200);
    expect(server.objects('configmaps', 'pb-ns')).toHaveLength(1);
    const real = envelope('v1', 'DeleteOptions', new Uint8Array());
    expect((await api('DELETE', '/api/v1/namespaces/pb-ns/configmaps/pb-cm', real, { 'Content-Type': PB })).status).toBe(200);
    expect(server.objects('configmaps', 'pb-ns')).toHaveLength(0);
  });

  it('decodes the access reviews kubectl auth can-i sends', async () => {
    const attrs = message([[1, 'default'], [2, 'list'], [3, 'apps'], [5, 'deployments']]);
    const ssar = envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', message([[1, objectMeta('', {})], [2, message([[1, attrs]])]]));
    const reply = await api('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', ssar, { 'Content-Type': PB });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ spec: { resourceAttributes: { namespace: 'default', verb: 'list', group: 'apps', resource: 'deployments' } }, status: { allowed: true } });
    const sar = decodeProtobufBody(Buffer.from(envelope('authorization.k8s.io/v1', 'SubjectAccessReview', message([[2, message([[2, message([[1, '/healthz'], [2, 'get']])], [3, 'alice'], [4, 'devs'], [4, 'ops']])]]))));
    expect(sar.spec).toEqual({ nonResourceAttributes: { path: '/healthz', verb: 'get' }, user: 'alice', groups: ['devs', 'ops'] });
  });

  it('rejects bodies without the protobuf magic and kinds it does not decode', () => {
    expect(() => decodeProtobufBody(Buffer.from('{"kind":"Secret"}'))).toThrow('expected prefix [107 56 115 0]');
    expect(() => decodeProtobufBody(Buffer.from(envelope('apps/v1', 'Deployment', new Uint8Array())))).toThrow('apps/v1/Deployment are not supported');
    expect(decodeProtobufBody(Buffer.from(envelope('v1', 'DeleteOptions', message([[1, 30], [2, message([[1, 'uid-1'], [2, '42']])], [3, true]]))))).toEqual({
      apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 30, preconditions: { uid: 'uid-1', resourceVersion: '42' }, orphanDependents: true,
    });
  });
});
