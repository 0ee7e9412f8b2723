/**
 * The install paths a cluster admin uses, run with the real kubectl and helm against the local API
 * server: the kustomize tree, the operator chart, and the kryton chart as the operator installs it
 * (generated secrets survive an upgrade).
 */
import { join } from 'node:path';
import { krytonChart, operatorChart, repoRoot } from '../chart/helm-cli.js';
import { LocalCluster } from './local-cluster.js';

let cluster: LocalCluster;

beforeAll(async () => {
  cluster = await LocalCluster.start();
});

afterAll(async () => {
  await cluster.stop();
});

describe('kubectl apply -k deploy/default', () => {
  it('installs the CRD, the namespace, RBAC and the operator Deployment', async () => {
    await cluster.kubectlOk(['apply', '-k', join(repoRoot, 'deploy', 'default')]);
    const crd = JSON.parse(await cluster.kubectlOk(['get', 'crd', 'krytons.kryton.azrtydxb.io', '-o', 'json'])) as { spec: { names: { shortNames: string[] } } };
    expect(crd.spec.names.shortNames).toEqual(['kry']);
    const deployment = JSON.parse(await cluster.kubectlOk(['-n', 'kryton-system', 'get', 'deployment', 'kryton-operator', '-o', 'json'])) as DeploymentJson;
    expect(deployment.spec.template.spec.serviceAccountName).toBe('kryton-operator');
    await cluster.kubectlOk(['get', 'clusterrole', 'kryton-operator-manager']);
    await cluster.kubectlOk(['-n', 'kryton-system', 'get', 'role', 'kryton-operator-leader-election']);
  });

  it('accepts the samples once the CRD is installed, and lists them with the short name', async () => {
    await cluster.kubectlOk(['create', 'namespace', 'samples']);
    await cluster.kubectlOk(['-n', 'samples', 'apply', '-k', join(repoRoot, 'deploy', 'samples')]);
    const names = await cluster.kubectlOk(['-n', 'samples', 'get', 'kry', '-o', 'name']);
    expect(names.trim().split('\n').sort()).toEqual([
      'kryton.kryton.azrtydxb.io/kryton-minimal',
      'kryton.kryton.azrtydxb.io/kryton-sample',
      'kryton.kryton.azrtydxb.io/kryton-team-a',
      'kryton.kryton.azrtydxb.io/kryton-team-b',
      'kryton.kryton.azrtydxb.io/kryton-with-plugins',
    ]);
    const table = await cluster.kubectlOk(['-n', 'samples', 'get', 'krytons']);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+VERSION\s+READY\s+REVISION\s+AGE$/);
  });
});

describe('helm install of chart/kryton-operator', () => {
  it('installs into its own namespace next to the CRD the kustomize tree already created', async () => {
    await cluster.kubectlOk(['create', 'namespace', 'team-a']);
    await cluster.kubectlOk(['create', 'namespace', 'team-b']);
    const result = await cluster.helm.run(['install', 'ops', operatorChart, '--namespace', 'ops', '--create-namespace', '--set', 'watchNamespaces={team-a,team-b}']);
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
    await cluster.kubectlOk(['-n', 'ops', 'get', 'deployment', 'ops-kryton-operator']);
    await cluster.kubectlOk(['-n', 'ops', 'get', 'service', 'ops-kryton-operator-metrics']);
    for (const namespace of ['team-a', 'team-b']) {
      await cluster.kubectlOk(['-n', namespace, 'get', 'role', 'ops-kryton-operator-manager']);
      await cluster.kubectlOk(['-n', namespace, 'get', 'rolebinding', 'ops-kryton-operator-manager']);
    }
  });
});

describe('helm install and upgrade of chart/kryton, as the operator runs them', () => {
  const injected = ['--set', 'fullnameOverride=notes', '--set', 'postgresql.fullnameOverride=notes-postgresql'];

  async function secretData(name: string): Promise<Record<string, string>> {
    return (JSON.parse(await cluster.kubectlOk(['-n', 'notes', 'get', 'secret', name, '-o', 'json'])) as { data: Record<string, string> }).data;
  }

  it('keeps the generated BETTER_AUTH_SECRET and database password across an upgrade', async () => {
    const install = await cluster.helm.run(['upgrade', '--install', 'notes', krytonChart, '--namespace', 'notes', '--create-namespace', ...injected, '--set', 'image.tag=4.5.0']);
    expect({ exitCode: install.exitCode, stderr: install.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const serverSecret = await secretData('notes');
    const databaseSecret = await secretData('notes-postgresql');
    expect(Buffer.from(serverSecret.BETTER_AUTH_SECRET, 'base64').toString()).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(Buffer.from(databaseSecret.PGPASSWORD, 'base64').toString()).toMatch(/^[A-Za-z0-9]{32}$/);

    const upgrade = await cluster.helm.run(['upgrade', '--install', 'notes', krytonChart, '--namespace', 'notes', ...injected, '--set', 'image.tag=4.6.0', '--reset-values']);
    expect({ exitCode: upgrade.exitCode, stderr: upgrade.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(await secretData('notes')).toEqual(serverSecret);
    expect(await secretData('notes-postgresql')).toEqual(databaseSecret);
    const deployment = JSON.parse(await cluster.kubectlOk(['-n', 'notes', 'get', 'deployment', 'notes', '-o', 'json'])) as DeploymentJson;
    expect(deployment.spec.template.spec.containers[0].image).toBe('ghcr.io/azrtydxb/kryton/server:4.6.0');
    const history = JSON.parse((await cluster.helm.run(['history', 'notes', '--namespace', 'notes', '-o', 'json'])).stdout) as Array<{ revision: number; status: string }>;
    expect(history.map((h) => [h.revision, h.status])).toEqual([[1, 'superseded'], [2, 'deployed']]);
  });

  it('takes a BETTER_AUTH_SECRET given in the values over the stored one', async () => {
    const upgrade = await cluster.helm.run(['upgrade', 'notes', krytonChart, '--namespace', 'notes', ...injected, '--set', 'env.secret.BETTER_AUTH_SECRET=chosen-by-me', '--reset-values']);
    expect(upgrade.exitCode).toBe(0);
    expect(Buffer.from((await secretData('notes')).BETTER_AUTH_SECRET, 'base64').toString()).toBe('chosen-by-me');
  });

  it('keeps the PVC on uninstall when persistence.keep is set, and removes the rest', async () => {
    const keep = await cluster.helm.run(['upgrade', 'notes', krytonChart, '--namespace', 'notes', ...injected, '--set', 'persistence.keep=true', '--reset-values']);
    expect(keep.exitCode).toBe(0);
    const uninstall = await cluster.helm.run(['uninstall', 'notes', '--namespace', 'notes']);
    expect(uninstall.exitCode).toBe(0);
    await cluster.kubectlOk(['-n', 'notes', 'get', 'pvc', 'notes']);
    expect((await cluster.kubectl(['-n', 'notes', 'get', 'deployment', 'notes'])).exitCode).not.toBe(0);
  });
});

interface DeploymentJson {
  spec: { template: { spec: { serviceAccountName?: string; containers: Array<{ image: string }> } } };
}
