/**
 * The operator runs under its own ServiceAccount, with the permissions `kubectl apply -k
 * deploy/default` grants, on an RBAC-enforcing local API server: it handles a Kryton with backups,
 * snapshots and plugins, and the server refuses none of its requests.
 */
import { join } from 'node:path';
import { createKubeClient, silentLogger, type ClosableKubeClient, type KubeObject, type Operator } from '../../framework/index.js';
import { buildKrytonOperator } from '../../handlers/composition-root.js';
import { Helm, helmBinary, krytonChart, repoRoot } from '../chart/helm-cli.js';
import { LocalCluster } from './local-cluster.js';
import { waitFor } from '../support/wait-for.js';

const OPERATOR_USER = 'system:serviceaccount:kryton-system:kryton-operator';
const SHA = 'b'.repeat(64);

let cluster: LocalCluster;
let client: ClosableKubeClient;
let operator: Operator;
let operatorHelm: Helm;

const eventually = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000) => waitFor(what, probe, timeoutMs, 100);

const exists = (resource: string, name: string) => async () =>
  cluster.server.objects(resource, 'tenant').find((o) => o.metadata.name === name);

beforeAll(async () => {
  cluster = await LocalCluster.start({ rbac: true });
  await cluster.kubectlOk(['apply', '-k', join(repoRoot, 'deploy', 'default')]);
  await cluster.kubectlOk(['create', 'namespace', 'tenant']);
  await cluster.kubectlOk(['-n', 'tenant', 'create', 'secret', 'generic', 'creds', '--from-literal=OBJECT_STORE_ACCESS_KEY=a', '--from-literal=OBJECT_STORE_SECRET_KEY=b']);
  const kubeconfig = cluster.serviceAccountKubeconfig('kryton-system', 'kryton-operator');
  // The release the operator's Helm handler keeps, installed here under the same identity.
  operatorHelm = await Helm.create({ KUBECONFIG: kubeconfig });
  const install = await operatorHelm.run(['upgrade', '--install', 'notes', krytonChart, '-n', 'tenant', '--set', 'fullnameOverride=notes',
    '--set', 'postgresql.fullnameOverride=notes-postgresql', '--set', 'plugins.enabled=true', '--reset-values']);
  if (install.exitCode !== 0) throw new Error(install.stderr);
  client = createKubeClient({ kubeconfigPath: kubeconfig, userAgent: 'kryton-operator' });
  operator = buildKrytonOperator({
    client,
    helmBinary,
    kubeconfigPath: kubeconfig,
    settings: {
      namespaces: 'all',
      concurrency: 2,
      logger: silentLogger(),
      leaderElection: { namespace: 'kryton-system', name: 'kryton-operator', identity: 'rbac-test' },
    },
  });
  await operator.start();
});

afterAll(async () => {
  await operator?.stop();
  await client?.close();
  await operatorHelm?.dispose();
  await cluster?.stop();
});

it('handles backups, snapshots and plugins without one forbidden request', async () => {
  const kryton = {
    apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name: 'notes', namespace: 'tenant' },
    spec: {
      version: '4.5.0',
      values: { plugins: { enabled: true } },
      backup: { schedule: '0 3 * * *', retention: '30d', objectStore: { bucket: 'backups', endpoint: 'https://s3.example.com', credentialsSecretRef: { name: 'creds' } } },
      snapshot: { schedule: '0 4 * * *', retention: '7d' },
      plugins: [{ name: 'example.tgz', url: 'https://example.com/example.tgz', sha256: SHA }],
    },
  };
  await cluster.kubectlOk(['apply', '-f', '-'], JSON.stringify(kryton));

  await eventually('the backup CronJob', exists('cronjobs.batch', 'notes-backup'));
  await eventually('the snapshot CronJob', exists('cronjobs.batch', 'notes-snapshot'));
  await eventually('the snapshot Role', exists('roles.rbac.authorization.k8s.io', 'notes-snapshot'));
  await eventually('the snapshot RoleBinding', exists('rolebindings.rbac.authorization.k8s.io', 'notes-snapshot'));
  await eventually('the plugin-installer init-container', async () => {
    const deployment = (await exists('deployments.apps', 'notes')()) as (KubeObject & { spec: { template: { spec: { initContainers?: Array<{ name: string }> } } } }) | undefined;
    return deployment?.spec.template.spec.initContainers?.find((c) => c.name === 'plugin-installer');
  });

  const forbidden = cluster.server.requestLog.filter({ user: OPERATOR_USER, code: 403 }).map((e) => `${e.verb} ${e.resource ?? e.path}${e.subresource ? `/${e.subresource}` : ''} in ${e.namespace ?? '(cluster)'}`);
  expect(forbidden).toEqual([]);
  expect(cluster.server.requestLog.filter({ user: OPERATOR_USER }).length).toBeGreaterThan(10);
});

it('removes what it made when the Kryton is deleted, again without a forbidden request', async () => {
  await cluster.kubectlOk(['-n', 'tenant', 'delete', 'kryton', 'notes', '--wait=false']);
  await eventually('the Kryton to be gone', async () => (cluster.server.objects('krytons.kryton.azrtydxb.io', 'tenant').length === 0 ? true : undefined));
  const forbidden = cluster.server.requestLog.filter({ user: OPERATOR_USER, code: 403 }).map((e) => `${e.verb} ${e.resource ?? e.path} in ${e.namespace ?? '(cluster)'}`);
  expect(forbidden).toEqual([]);
});
