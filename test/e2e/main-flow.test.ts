/**
 * The operator as its users meet it: the samples from deploy/samples applied with kubectl, each
 * reaching Ready; the printer columns and `kubectl describe`; a version upgrade; backup, plugins
 * and snapshot added, changed and cleared; children deleted by hand and repaired; a Kryton deleted
 * with everything it owns. One server and one operator process (its own ServiceAccount, RBAC
 * enforced) for the whole file.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type KubeObject } from '../../framework/index.js';
import { ensureBuilt } from './harness/build.js';
import { E2eCluster } from './harness/e2e-cluster.js';
import { OperatorProcess } from './harness/operator-process.js';
import { samplesDir } from './harness/paths.js';
import { waitFor } from './harness/wait-for.js';

jest.setTimeout(120_000);

const NS = 'samples';
const SAMPLES = ['kryton-minimal', 'kryton-sample', 'kryton-team-a', 'kryton-team-b', 'kryton-with-plugins'];
const DIGEST_A = 'a'.repeat(64);
const DIGEST_B = 'b'.repeat(64);

let cluster: E2eCluster;
let operator: OperatorProcess;

interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: Array<{ name: string; value?: string }>;
}
interface DeploymentLike extends KubeObject {
  spec: { template: { spec: { containers: Container[]; initContainers?: Container[] } } };
}
interface CronJobLike extends KubeObject {
  spec: { schedule: string; jobTemplate: { spec: { template: { spec: { containers: Container[] } } } } };
}

const deployment = (name: string) => cluster.object('deployments.apps', NS, name) as DeploymentLike | undefined;
const cronJob = (name: string) => cluster.object('cronjobs.batch', NS, name) as CronJobLike | undefined;
const installer = (name: string) => deployment(name)?.spec.template.spec.initContainers?.find((c) => c.name === 'plugin-installer');
const kubectl = (...args: string[]) => cluster.cli.kubectlOk(['-n', NS, ...args]);
const mergePatch = (name: string, patch: object) => kubectl('patch', 'kryton', name, '--type=merge', '-p', JSON.stringify(patch));

async function waitReady(name: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(`${name} Ready for its current generation`, () => cluster.isReady(NS, name), { timeoutMs, describe: () => `${cluster.describe(NS, name)}\n${operator.logTail(10)}` });
}

beforeAll(async () => {
  await ensureBuilt();
  cluster = await E2eCluster.start();
  operator = await OperatorProcess.start(cluster, { identity: 'main-flow-operator' });
  await operator.waitReady();
  await cluster.createNamespace(NS);
  await kubectl('apply', '-k', samplesDir);
});

afterAll(async () => {
  await operator?.stop();
  await cluster?.stop();
});

describe('the samples from deploy/samples', () => {
  it('each reaches Ready (kubectl wait)', async () => {
    const names = SAMPLES.map((n) => `kryton/${n}`);
    const result = await cluster.cli.kubectl(['-n', NS, 'wait', '--for=condition=Ready', '--timeout=90s', ...names]);
    expect({ exitCode: result.exitCode, stderr: result.stderr, describe: result.exitCode === 0 ? '' : SAMPLES.map((n) => cluster.describe(NS, n)).join('\n') })
      .toEqual({ exitCode: 0, stderr: '', describe: '' });
    for (const name of SAMPLES) expect(cluster.helmRevisions(NS, name)).toEqual([{ revision: 1, status: 'deployed' }]);
  });

  it('kubectl get krytons shows Version, Ready, Revision and Age', async () => {
    const lines = (await kubectl('get', 'krytons')).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+VERSION\s+READY\s+REVISION\s+AGE$/);
    const rows = lines.slice(1).map((l) => l.split(/\s+/));
    expect(rows.map((r) => r.slice(0, 4)).sort()).toEqual(SAMPLES.map((n) => [n, '4.5.0', 'True', '1']));
    for (const row of rows) expect(row[4]).toMatch(/^\d+(s|m)/);
  });

  it('kubectl describe shows the conditions and the Events', async () => {
    const text = await kubectl('describe', 'kryton', 'kryton-sample');
    expect(text).toMatch(/Conditions:/);
    for (const type of ['Ready', 'Released', 'BackupReady', 'SnapshotReady', 'PluginsReady']) expect(text).toMatch(new RegExp(`Type:\\s+${type}\\b`));
    expect(text).toMatch(/Events:\s*\n\s+Type\s+Reason\s+Age\s+From\s+Message/);
    expect(text).toMatch(/Normal\s+BackupScheduleApplied/);
    expect(text).toMatch(/Normal\s+SnapshotScheduleApplied/);
  });
});

describe('changing a Kryton', () => {
  it('a version upgrade makes Helm revision 2 and changes the Deployment image tag', async () => {
    await mergePatch('kryton-minimal', { spec: { version: '4.6.0' } });
    await waitFor('revision 2 of kryton-minimal', () => cluster.kryton(NS, 'kryton-minimal')?.status?.helmRevision === 2 && cluster.isReady(NS, 'kryton-minimal'), { timeoutMs: 60_000, describe: () => cluster.describe(NS, 'kryton-minimal') });
    expect(deployment('kryton-minimal')?.spec.template.spec.containers[0].image).toMatch(/:4\.6\.0$/);
    expect(cluster.helmRevisions(NS, 'kryton-minimal')).toEqual([{ revision: 1, status: 'superseded' }, { revision: 2, status: 'deployed' }]);
    expect((await kubectl('get', 'kryton', 'kryton-minimal', '--no-headers')).split(/\s+/).slice(1, 4)).toEqual(['4.6.0', 'True', '2']);
    expect(cluster.events(NS, 'kryton-minimal', 'Upgraded').map((e) => e.message)).toEqual([expect.stringMatching(/revision 2, version 4\.6\.0/)]);
  });

  it('backup: added, changed and cleared — the CronJob appears, changes and vanishes, without a Helm upgrade', async () => {
    const revisions = cluster.helmRevisions(NS, 'kryton-team-a').length;
    await mergePatch('kryton-team-a', {
      spec: { backup: { schedule: '0 2 * * *', retention: '14d', objectStore: { bucket: 'team-a-backups', endpoint: 'https://minio.example.com', credentialsSecretRef: { name: 'kryton-backup-creds' } } } },
    });
    await waitFor('CronJob kryton-team-a-backup at 0 2 * * *', () => cronJob('kryton-team-a-backup')?.spec.schedule === '0 2 * * *');
    await waitReady('kryton-team-a');
    await mergePatch('kryton-team-a', { spec: { backup: { schedule: '30 1 * * *' } } });
    await waitFor('CronJob kryton-team-a-backup at 30 1 * * *', () => cronJob('kryton-team-a-backup')?.spec.schedule === '30 1 * * *');
    await kubectl('patch', 'kryton', 'kryton-team-a', '--type=json', '-p', '[{"op":"remove","path":"/spec/backup"}]');
    await waitFor('CronJob kryton-team-a-backup gone', () => cronJob('kryton-team-a-backup') === undefined);
    // Ready for the new generation means every concern has handled it.
    await waitReady('kryton-team-a');
    expect(cluster.condition(NS, 'kryton-team-a', 'BackupReady')?.reason).toBe('NotConfigured');
    expect(cluster.events(NS, 'kryton-team-a', 'BackupScheduleRemoved')).toHaveLength(1);
    expect(cluster.helmRevisions(NS, 'kryton-team-a')).toHaveLength(revisions);
  });

  it('plugins: added, changed and cleared — the init-container appears, changes and vanishes', async () => {
    const plugin = { name: 'notes-extra', url: 'https://plugins.example.com/notes-extra.tgz', sha256: DIGEST_A };
    await mergePatch('kryton-team-b', { spec: { plugins: [plugin] } });
    await waitFor('plugin-installer on kryton-team-b', () => installer('kryton-team-b')?.args?.includes(DIGEST_A) === true, { describe: () => cluster.describe(NS, 'kryton-team-b') });
    await mergePatch('kryton-team-b', { spec: { plugins: [{ ...plugin, sha256: DIGEST_B }] } });
    await waitFor('plugin-installer with the new digest', () => installer('kryton-team-b')?.args?.includes(DIGEST_B) === true);
    await mergePatch('kryton-team-b', { spec: { plugins: null } });
    await waitFor('plugin-installer removed', () => deployment('kryton-team-b') !== undefined && installer('kryton-team-b') === undefined);
    await waitReady('kryton-team-b');
    expect(cluster.condition(NS, 'kryton-team-b', 'PluginsReady')?.reason).toBe('NoPlugins');
  });

  it('snapshot: added, changed and cleared — CronJob and RBAC appear, change and vanish', async () => {
    const snapshotObjects = () => [
      cluster.object('cronjobs.batch', NS, 'kryton-team-b-snapshot'),
      cluster.object('serviceaccounts', NS, 'kryton-team-b-snapshot'),
      cluster.object('roles.rbac.authorization.k8s.io', NS, 'kryton-team-b-snapshot'),
      cluster.object('rolebindings.rbac.authorization.k8s.io', NS, 'kryton-team-b-snapshot'),
    ];
    const retentionSeconds = () => cronJob('kryton-team-b-snapshot')?.spec.jobTemplate.spec.template.spec.containers[0].env?.find((e) => e.name === 'RETENTION_SECONDS')?.value;
    await mergePatch('kryton-team-b', { spec: { snapshot: { schedule: '0 5 * * *', retention: '7d' } } });
    await waitFor('snapshot CronJob, ServiceAccount, Role and RoleBinding', () => snapshotObjects().every((o) => o !== undefined) && retentionSeconds() === String(7 * 86400));
    await mergePatch('kryton-team-b', { spec: { snapshot: { retention: '2w' } } });
    await waitFor('snapshot retention 2w', () => retentionSeconds() === String(14 * 86400));
    await mergePatch('kryton-team-b', { spec: { snapshot: null } });
    await waitFor('snapshot objects gone', () => snapshotObjects().every((o) => o === undefined));
    await waitReady('kryton-team-b');
    expect(cluster.condition(NS, 'kryton-team-b', 'SnapshotReady')?.reason).toBe('NotConfigured');
  });
});

describe('drift and deletion', () => {
  it('a CronJob and the snapshot Role deleted by hand are recreated within seconds', async () => {
    const before = { backup: cronJob('kryton-sample-backup')?.metadata.uid, role: cluster.object('roles.rbac.authorization.k8s.io', NS, 'kryton-sample-snapshot')?.metadata.uid };
    expect(before.backup).toBeDefined();
    expect(before.role).toBeDefined();
    await kubectl('delete', 'cronjob', 'kryton-sample-backup');
    await kubectl('delete', 'role', 'kryton-sample-snapshot');
    await waitFor('backup CronJob and snapshot Role recreated', () => {
      const backup = cronJob('kryton-sample-backup')?.metadata.uid;
      const role = cluster.object('roles.rbac.authorization.k8s.io', NS, 'kryton-sample-snapshot')?.metadata.uid;
      return backup !== undefined && backup !== before.backup && role !== undefined && role !== before.role;
    }, { timeoutMs: 15_000 });
  });

  it('deleting a Kryton removes its Helm release, its children and then the object', async () => {
    const owned = () => [
      deployment('kryton-sample'),
      cronJob('kryton-sample-backup'),
      cronJob('kryton-sample-snapshot'),
      cluster.object('roles.rbac.authorization.k8s.io', NS, 'kryton-sample-snapshot'),
    ];
    expect(owned().every((o) => o !== undefined)).toBe(true);
    await kubectl('delete', 'kryton', 'kryton-sample', '--wait=true', '--timeout=60s');
    expect(cluster.kryton(NS, 'kryton-sample')).toBeUndefined();
    await waitFor('release and children of kryton-sample gone', () => cluster.helmRevisions(NS, 'kryton-sample').length === 0 && owned().every((o) => o === undefined));
    expect(cluster.object('services', NS, 'kryton-sample')).toBeUndefined();
    expect(cluster.events(NS, 'kryton-sample', 'Uninstalled')).toHaveLength(1);
    // The other instances are untouched.
    expect(cluster.isReady(NS, 'kryton-team-a')).toBe(true);
  });
});
