import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { connectionFromKubeconfig, inClusterConnection, resolveConnection } from '../../../framework/client/kubeconfig.js';

function kubeconfig(cluster: Record<string, unknown>, user: Record<string, unknown>, namespace?: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'ctx',
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u', ...(namespace ? { namespace } : {}) } }],
    clusters: [{ name: 'c', cluster }],
    users: [{ name: 'u', user }],
  });
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('kubeconfig reading', () => {
  it('takes server, CA data, bearer token and namespace from the current context', async () => {
    const connection = connectionFromKubeconfig(kubeconfig({ server: 'https://10.0.0.1:6443', 'certificate-authority-data': b64('CA PEM') }, { token: 'tok' }, 'team-a'));
    expect(connection.server.href).toBe('https://10.0.0.1:6443/');
    expect(connection.tls.ca?.toString()).toBe('CA PEM');
    expect(connection.namespace).toBe('team-a');
    expect(await connection.authHeaders()).toEqual({ Authorization: 'Bearer tok' });
  });

  it('reads CA, client certificate, key and token files relative to the kubeconfig folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    writeFileSync(join(dir, 'ca.crt'), 'CA FILE');
    writeFileSync(join(dir, 'client.crt'), 'CERT FILE');
    writeFileSync(join(dir, 'client.key'), 'KEY FILE');
    writeFileSync(join(dir, 'token'), 'file-token\n');
    const text = kubeconfig(
      { server: 'https://api.example:443', 'certificate-authority': 'ca.crt', 'tls-server-name': 'kubernetes' },
      { 'client-certificate': 'client.crt', 'client-key': 'client.key', tokenFile: 'token' },
    );
    const connection = connectionFromKubeconfig(text, dir);
    expect([connection.tls.ca?.toString(), connection.tls.cert?.toString(), connection.tls.key?.toString()]).toEqual(['CA FILE', 'CERT FILE', 'KEY FILE']);
    expect(connection.tls.servername).toBe('kubernetes');
    expect(await connection.authHeaders()).toEqual({ Authorization: 'Bearer file-token' });
  });

  it('turns insecure-skip-tls-verify into an unverified agent and basic credentials into a header', async () => {
    const connection = connectionFromKubeconfig(kubeconfig({ server: 'https://h:1', 'insecure-skip-tls-verify': true }, { username: 'ann', password: 'pw' }));
    expect(connection.tls.rejectUnauthorized).toBe(false);
    expect(await connection.authHeaders()).toEqual({ Authorization: `Basic ${b64('ann:pw')}` });
  });

  it('says what to fix when the kubeconfig has no usable current context', () => {
    expect(() => connectionFromKubeconfig(stringify({ apiVersion: 'v1', kind: 'Config' }))).toThrow(/no current-context/);
    expect(() => connectionFromKubeconfig(stringify({ 'current-context': 'gone', contexts: [] }))).toThrow(/"gone" is not among its contexts/);
    expect(() => connectionFromKubeconfig(kubeconfig({}, {}))).toThrow(/names no cluster with a server address/);
  });

  it('hands credentials it does not implement (impersonation, exec plugins) to client-node', async () => {
    const connection = await resolveConnection({ kubeconfigYaml: kubeconfig({ server: 'https://h:1' }, { token: 't', as: 'someone' }) });
    const headers = await connection.authHeaders();
    expect(headers.Authorization).toBe('Bearer t');
    expect(headers['Impersonate-User']).toBe('someone');
  });

  it('reads the in-cluster service account: CA, namespace and a token file it re-reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serviceaccount-'));
    writeFileSync(join(dir, 'ca.crt'), 'CLUSTER CA');
    writeFileSync(join(dir, 'namespace'), 'operators\n');
    writeFileSync(join(dir, 'token'), 'sa-token');
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    process.env.KUBERNETES_SERVICE_HOST = '10.96.0.1';
    process.env.KUBERNETES_SERVICE_PORT = '443';
    try {
      const connection = inClusterConnection(dir);
      expect(connection.server.href).toBe('https://10.96.0.1/');
      expect(connection.namespace).toBe('operators');
      expect(connection.tls.ca?.toString()).toBe('CLUSTER CA');
      expect(await connection.authHeaders()).toEqual({ Authorization: 'Bearer sa-token' });
    } finally {
      process.env.KUBERNETES_SERVICE_HOST = saved.host;
      process.env.KUBERNETES_SERVICE_PORT = saved.port;
      if (saved.host === undefined) delete process.env.KUBERNETES_SERVICE_HOST;
      if (saved.port === undefined) delete process.env.KUBERNETES_SERVICE_PORT;
    }
  });
});
