/**
 * The operator's RBAC, enforced: on an RBAC-enforcing local API server, the operator's
 * ServiceAccount (as `kubectl apply -k deploy/default` creates it) can do what the handlers and helm
 * do, and is refused what it has no business doing.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Helm, krytonChart, repoRoot } from '../chart/helm-cli.js';
import { LocalCluster } from './local-cluster.js';

let cluster: LocalCluster;
let operator: string;
let operatorHelm: Helm;

beforeAll(async () => {
  cluster = await LocalCluster.start({ rbac: true });
  await cluster.kubectlOk(['apply', '-k', join(repoRoot, 'deploy', 'default')]);
  await cluster.kubectlOk(['create', 'namespace', 'tenant']);
  operator = cluster.serviceAccountKubeconfig('kryton-system', 'kryton-operator');
  operatorHelm = await Helm.create({ KUBECONFIG: operator });
});

afterAll(async () => {
  await operatorHelm.dispose();
  await cluster.stop();
});

const asOperator = (args: string[], input?: string) => cluster.kubectl(args, input, operator);

describe('the operator ServiceAccount may', () => {
  it('install, upgrade and uninstall the kryton chart with helm, with every optional part on', async () => {
    const values = ['--set', 'fullnameOverride=notes', '--set', 'postgresql.fullnameOverride=notes-postgresql', '--set', 'serviceAccount.create=true',
      '--set', 'ingress.enabled=true', '--set', 'autoscaling.enabled=true', '--set', 'plugins.enabled=true'];
    const install = await operatorHelm.run(['upgrade', '--install', 'notes', krytonChart, '-n', 'tenant', ...values, '--set', 'image.tag=4.5.0', '--reset-values']);
    expect({ exitCode: install.exitCode, stderr: install.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const upgrade = await operatorHelm.run(['upgrade', '--install', 'notes', krytonChart, '-n', 'tenant', ...values, '--set', 'image.tag=4.6.0', '--reset-values']);
    expect({ exitCode: upgrade.exitCode, stderr: upgrade.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const uninstall = await operatorHelm.run(['uninstall', 'notes', '-n', 'tenant']);
    expect({ exitCode: uninstall.exitCode, stderr: uninstall.stderr }).toEqual({ exitCode: 0, stderr: '' });
  });

  it('create the snapshot ServiceAccount, a Role granting VolumeSnapshot verbs, and its RoleBinding', async () => {
    const objects = [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'notes-snapshot', namespace: 'tenant' } },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'notes-snapshot', namespace: 'tenant' },
        rules: [{ apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['get', 'list', 'watch', 'create', 'delete'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'notes-snapshot', namespace: 'tenant' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'notes-snapshot' },
        subjects: [{ kind: 'ServiceAccount', name: 'notes-snapshot', namespace: 'tenant' }],
      },
    ];
    const result = await asOperator(['apply', '-f', '-'], objects.map((o) => stringify(o)).join('---\n'));
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
  });

  it('manage CronJobs, Kryton status and Events, and hold the leader-election Lease', async () => {
    const cronJob = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'notes-backup', namespace: 'tenant' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'backup', image: 'postgres:16' }] } } } } },
    };
    expect((await asOperator(['apply', '-f', '-'], JSON.stringify(cronJob))).exitCode).toBe(0);
    expect((await asOperator(['-n', 'tenant', 'delete', 'cronjob', 'notes-backup'])).exitCode).toBe(0);

    await cluster.kubectlOk(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name: 'notes', namespace: 'tenant' }, spec: { version: '4.5.0' } }));
    const status = { status: { helmRevision: 1, observedVersion: '4.5.0', conditions: [{ type: 'Ready', status: 'True', reason: 'Installed', message: 'ok', lastTransitionTime: '2026-01-01T00:00:00Z' }] } };
    const patched = await asOperator(['-n', 'tenant', 'patch', 'kryton', 'notes', '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]);
    expect({ exitCode: patched.exitCode, stderr: patched.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const finalizer = await asOperator(['-n', 'tenant', 'patch', 'kryton', 'notes', '--type=merge', '-p', JSON.stringify({ metadata: { finalizers: ['kryton.azrtydxb.io/finalizer'] } })]);
    expect({ exitCode: finalizer.exitCode, stderr: finalizer.stderr }).toEqual({ exitCode: 0, stderr: '' });

    const event = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'notes.1', namespace: 'tenant' }, eventTime: '2026-01-01T00:00:00.000000Z', reportingController: 'kryton-operator', reportingInstance: 'kryton-operator-0', action: 'Install', reason: 'Installed', type: 'Normal', regarding: { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', name: 'notes', namespace: 'tenant' } };
    expect((await asOperator(['create', '-f', '-'], JSON.stringify(event))).exitCode).toBe(0);

    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'kryton-operator', namespace: 'kryton-system' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } };
    expect((await asOperator(['apply', '-f', '-'], JSON.stringify(lease))).exitCode).toBe(0);
  });
});

describe('the operator ServiceAccount may not', () => {
  it.each<[string, string[]]>([
    ['create namespaces', ['create', 'namespace', 'elsewhere']],
    ['read nodes', ['get', 'nodes']],
    ['create ClusterRoles', ['create', 'clusterrole', 'x', '--verb=get', '--resource=pods']],
    ['delete Kryton objects', ['-n', 'tenant', 'delete', 'kryton', 'notes', '--wait=false']],
  ])('%s', async (_label, args) => {
    const result = await asOperator(args);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/forbidden/i);
  });

  it('take Leases outside its own namespace', async () => {
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'x', namespace: 'tenant' }, spec: {} };
    const result = await asOperator(['create', '-f', '-'], JSON.stringify(lease));
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/forbidden/i);
  });
});
