/**
 * The Kryton CRD refuses bad input at `kubectl apply`, before the operator sees it, with a message
 * naming the field; good input is accepted. Real kubectl against the local API server.
 */
import { join } from 'node:path';
import { repoRoot } from '../chart/helm-cli.js';
import { LocalCluster } from './local-cluster.js';

let cluster: LocalCluster;

beforeAll(async () => {
  cluster = await LocalCluster.start();
  // The CRD bundle, as clusters without the operator's installers get it.
  await cluster.kubectlOk(['apply', '-f', join(repoRoot, 'deploy', 'kryton-crds.yaml')]);
  await cluster.kubectlOk(['create', 'namespace', 'crd-table']);
});

afterAll(async () => {
  await cluster.stop();
});

const SHA = 'a'.repeat(64);
const plugin = (overrides: Record<string, unknown> = {}) => ({ name: 'example', url: 'https://example.com/p.tgz', sha256: SHA, ...overrides });
const store = (overrides: Record<string, unknown> = {}) => ({
  bucket: 'kryton-backups', endpoint: 'https://minio.example.com', credentialsSecretRef: { name: 'creds' }, ...overrides,
});

let counter = 0;
async function apply(spec: Record<string, unknown>) {
  counter += 1;
  const kryton = { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name: `case-${counter}`, namespace: 'crd-table' }, spec };
  return cluster.kubectl(['apply', '-f', '-'], JSON.stringify(kryton));
}

describe('good Kryton objects are accepted', () => {
  it.each<[string, Record<string, unknown>]>([
    ['only a version', { version: '4.5.0' }],
    ['arbitrary chart values', { version: '4.5.0', values: { ingress: { enabled: true, hosts: [{ host: 'a.example.com' }] }, anything: [1, 'two'] } }],
    ['a full backup', { version: '4.5.0', backup: { schedule: '0 3 * * *', retention: '30d', objectStore: store({ region: 'us-east-1', prefix: 'team/a/', endpoint: 'http://minio.backup.svc:9000' }) } }],
    ['cron macros and lists', { version: '4.5.0', backup: { schedule: '@daily' }, snapshot: { schedule: '*/15 1-5 * JAN,FEB MON-FRI', retention: '2w', volumeSnapshotClassName: 'csi-snapclass' } }],
    ['plugins, one over plain http with the opt-in', { version: '4.5.0', plugins: [plugin(), plugin({ name: 'second.v2.tar.gz', url: 'http://mirror.internal/p.tgz', allowInsecureHttp: true, sha256: 'ABCDEF'.padEnd(64, '0') })] }],
    ['an empty plugin list', { version: '4.5.0', plugins: [] }],
  ])('%s', async (_label, spec) => {
    const result = await apply(spec);
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
  });
});

describe('bad Kryton objects are refused, naming the field', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no version', { values: {} }, /spec\.version: Required value/],
    ['a version that is not an image tag', { version: '4.5.0 beta' }, /spec\.version/],
    ['a cron with four fields', { version: '1', backup: { schedule: '0 3 * *' } }, /spec\.backup\.schedule/],
    ['a cron with a shell payload', { version: '1', backup: { schedule: '0 3 * * *; rm -rf /' } }, /spec\.backup\.schedule/],
    ['a backup without schedule', { version: '1', backup: { retention: '30d' } }, /spec\.backup\.schedule: Required value/],
    ['a retention without unit', { version: '1', backup: { schedule: '@daily', retention: '30' } }, /spec\.backup\.retention/],
    ['a zero retention', { version: '1', snapshot: { schedule: '@daily', retention: '0d' } }, /spec\.snapshot\.retention/],
    ['an endpoint without scheme', { version: '1', backup: { schedule: '@daily', objectStore: store({ endpoint: 'minio.example.com' }) } }, /spec\.backup\.objectStore\.endpoint/],
    ['an object store without credentials', { version: '1', backup: { schedule: '@daily', objectStore: { bucket: 'abc', endpoint: 'https://s3' } } }, /spec\.backup\.objectStore\.credentialsSecretRef: Required value/],
    ['an upper-case bucket', { version: '1', backup: { schedule: '@daily', objectStore: store({ bucket: 'Backups' }) } }, /spec\.backup\.objectStore\.bucket/],
    ['a bucket with adjacent dots', { version: '1', backup: { schedule: '@daily', objectStore: store({ bucket: 'my..bucket' }) } }, /spec\.backup\.objectStore\.bucket.*adjacent dots/],
    ['a bucket shaped like an IP address', { version: '1', backup: { schedule: '@daily', objectStore: store({ bucket: '192.168.1.10' }) } }, /spec\.backup\.objectStore\.bucket.*IP address/],
    ['a prefix starting with /', { version: '1', backup: { schedule: '@daily', objectStore: store({ prefix: '/abs/' }) } }, /spec\.backup\.objectStore\.prefix/],
    ['a prefix climbing up', { version: '1', backup: { schedule: '@daily', objectStore: store({ prefix: 'a/../b/' }) } }, /spec\.backup\.objectStore\.prefix.*\.\./],
    ['a credentials Secret name that is not a name', { version: '1', backup: { schedule: '@daily', objectStore: store({ credentialsSecretRef: { name: 'Not A Name' } }) } }, /spec\.backup\.objectStore\.credentialsSecretRef\.name/],
    ['a short sha256', { version: '1', plugins: [plugin({ sha256: 'abc' })] }, /spec\.plugins\[0\]\.sha256/],
    ['a sha256 that is not hex', { version: '1', plugins: [plugin({ sha256: 'g'.repeat(64) })] }, /spec\.plugins\[0\]\.sha256/],
    ['a plugin name with a slash', { version: '1', plugins: [plugin({ name: 'a/b' })] }, /spec\.plugins\[0\]\.name/],
    ['a plugin name of ..', { version: '1', plugins: [plugin({ name: '..' })] }, /spec\.plugins\[0\]\.name/],
    ['a hidden plugin name', { version: '1', plugins: [plugin({ name: '.hidden' })] }, /spec\.plugins\[0\]\.name/],
    ['a plugin name that looks like a flag', { version: '1', plugins: [plugin({ name: '-rf' })] }, /spec\.plugins\[0\]\.name/],
    ['a plain http plugin url without the opt-in', { version: '1', plugins: [plugin({ url: 'http://example.com/p.tgz' })] }, /spec\.plugins\[0\]\.url.*allowInsecureHttp/],
    ['a plugin url of another scheme', { version: '1', plugins: [plugin({ url: 'file:///etc/passwd' })] }, /spec\.plugins\[0\]\.url/],
    ['two plugins with one name', { version: '1', plugins: [plugin(), plugin({ url: 'https://example.com/other.tgz' })] }, /spec\.plugins\[1\]: Duplicate value/],
    ['a plugin without url', { version: '1', plugins: [{ name: 'x', sha256: SHA }] }, /spec\.plugins\[0\]\.url: Required value/],
    ['a snapshot class that is not a name', { version: '1', snapshot: { schedule: '@daily', volumeSnapshotClassName: 'Bad_Class' } }, /spec\.snapshot\.volumeSnapshotClassName/],
  ])('%s', async (_label, spec, message) => {
    const result = await apply(spec);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
});

describe('kubectl explain', () => {
  it('reads the field descriptions from the CRD', async () => {
    const explained = await cluster.kubectlOk(['explain', 'krytons.spec.plugins.sha256']);
    expect(explained).toContain('Hex-encoded SHA-256 digest of the archive');
    const backup = await cluster.kubectlOk(['explain', 'krytons.spec.backup']);
    expect(backup).toContain('retention');
    expect(backup).toContain('How long to keep backups');
  });
});
