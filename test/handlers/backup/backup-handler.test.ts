/**
 * BackupHandler alone in an operator against the local API server: the CronJob appears, is
 * repaired after deletion or an edit, disappears when spec.backup is cleared, is garbage-collected
 * with its Kryton; a missing credentials Secret is reported (condition + Event) and picked up once
 * it exists.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { container } from 'tsyringe';
import { parse } from 'yaml';
import { createKubeClient, createTestOperator, type ClosableKubeClient, type KubeObject, type Operator } from '../../../framework/index.js';
import { LocalApiServer } from '../../../framework/testing/index.js';
import { BACKUP_CONDITION, BACKUP_HANDLER_SETTINGS, BackupHandler } from '../../../handlers/backup/backup-handler.js';
import type { CronJob } from '../../../handlers/backup/batch-shapes.js';
import { CRONJOBS, SECRETS } from '../../../handlers/kryton/resources.js';
import { renderBackupCronJob } from '../../../handlers/backup/render-cronjob.js';
import { DEFAULT_JOB_IMAGES } from '../../../handlers/kryton/images.js';
import { KRYTONS, type BackupSpec, type Condition, type Kryton } from '../../../handlers/kryton/types.js';
import { waitFor } from '../../support/wait-for.js';

const NS = 'notes';

let server: LocalApiServer;
let client: ClosableKubeClient;
let operator: Operator;

beforeAll(async () => {
  server = await LocalApiServer.start({ tls: false, bookmarkIntervalMs: 1000 });
  server.create('customresourcedefinitions.apiextensions.k8s.io', parse(readFileSync('deploy/crd/bases/kryton.azrtydxb.io_krytons.yaml', 'utf8')) as KubeObject);
  server.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  client = createKubeClient({ kubeconfigYaml: server.kubeconfig() });
  const parent = container.createChildContainer();
  parent.register(BACKUP_HANDLER_SETTINGS, { useValue: { credentialsRecheckSeconds: 0.5 } });
  operator = createTestOperator({ client, handlers: [BackupHandler], container: parent });
  await operator.start();
});

afterAll(async () => {
  await operator?.stop();
  await client?.close();
  await server?.stop();
});


const backup = (overrides: Partial<BackupSpec> = {}): BackupSpec => ({
  schedule: '0 3 * * *',
  retention: '30d',
  objectStore: { bucket: 'kryton-backups', endpoint: 'https://minio.example.com', credentialsSecretRef: { name: 'backup-creds' } },
  ...overrides,
});

async function createKryton(name: string, spec: BackupSpec | undefined): Promise<Kryton> {
  return client.create<Kryton>(KRYTONS, {
    apiVersion: 'kryton.azrtydxb.io/v1alpha1',
    kind: 'Kryton',
    metadata: { name, namespace: NS },
    spec: { version: '4.5.0', ...(spec ? { backup: spec } : {}) },
  });
}

async function createCredentials(name: string, keys = ['OBJECT_STORE_ACCESS_KEY', 'OBJECT_STORE_SECRET_KEY']): Promise<void> {
  await client.create(SECRETS, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: NS },
    data: Object.fromEntries(keys.map((k) => [k, Buffer.from('v').toString('base64')])),
  });
}

const cronJob = (name: string) => client.get<CronJob>(CRONJOBS, `${name}-backup`, NS);
const backupCondition = async (name: string): Promise<Condition | undefined> =>
  (await client.get<Kryton>(KRYTONS, name, NS))?.status?.conditions?.find((c) => c.type === BACKUP_CONDITION);
const eventsAbout = (name: string) =>
  server.objects('events', NS).filter((e) => (e.involvedObject as { name?: string }).name === name) as Array<KubeObject & { type: string; reason: string; message: string }>;

test('the CronJob appears as rendered, is repaired after deletion and edits, and goes when spec.backup is cleared', async () => {
  await createCredentials('backup-creds');
  const kryton = await createKryton('alpha', backup());

  const live = await waitFor('CronJob alpha-backup', () => cronJob('alpha'));
  const desired = renderBackupCronJob(kryton, DEFAULT_JOB_IMAGES)!;
  expect(live.metadata.ownerReferences).toEqual(desired.metadata.ownerReferences);
  expect(live.metadata.labels).toEqual(desired.metadata.labels);
  expect(live.spec).toMatchObject(desired.spec);
  const ready = await waitFor('BackupReady=True', async () => ((await backupCondition('alpha'))?.status === 'True' ? backupCondition('alpha') : undefined));
  expect(ready).toMatchObject({ reason: 'Scheduled', message: expect.stringContaining('s3://kryton-backups/alpha/') });

  await client.delete(CRONJOBS, 'alpha-backup', NS);
  const recreated = await waitFor('CronJob recreated', async () => {
    const again = await cronJob('alpha');
    return again && again.metadata.uid !== live.metadata.uid ? again : undefined;
  });
  expect(recreated.spec).toMatchObject(desired.spec);

  await client.patch(CRONJOBS, 'alpha-backup', NS, { spec: { schedule: '* * * * *', concurrencyPolicy: 'Allow' } }, 'merge');
  await waitFor('CronJob repaired', async () => {
    const repaired = await cronJob('alpha');
    return repaired?.spec.schedule === '0 3 * * *' && repaired.spec.concurrencyPolicy === 'Forbid';
  });

  await client.patch(KRYTONS, 'alpha', NS, { spec: { backup: backup({ schedule: '30 1 * * 0', retention: '2w' }) } }, 'merge');
  await waitFor('CronJob follows the new spec', async () => {
    const updated = await cronJob('alpha');
    const env = updated?.spec.jobTemplate.spec.template.spec.containers[0].env ?? [];
    return updated?.spec.schedule === '30 1 * * 0' && env.some((e) => e.name === 'BACKUP_RETENTION' && e.value === '2w');
  });

  await client.patch(KRYTONS, 'alpha', NS, { spec: { backup: null } }, 'merge');
  await waitFor('CronJob deleted', async () => (await cronJob('alpha')) === undefined);
  await waitFor('BackupReady=NotConfigured', async () => (await backupCondition('alpha'))?.reason === 'NotConfigured');
  expect(eventsAbout('alpha').map((e) => e.reason)).toEqual(expect.arrayContaining(['BackupScheduleApplied', 'BackupScheduleRemoved']));
});

test('the CronJob is garbage-collected with its Kryton', async () => {
  await createKryton('beta', backup());
  await waitFor('CronJob beta-backup', () => cronJob('beta'));

  await client.delete(KRYTONS, 'beta', NS, { propagationPolicy: 'Background' });

  await waitFor('CronJob garbage-collected', async () => (await cronJob('beta')) === undefined);
});

test('a missing credentials Secret is reported with its name and keys, and picked up once it exists', async () => {
  await createKryton('gamma', backup({ objectStore: { bucket: 'b-1', endpoint: 'http://minio:9000', credentialsSecretRef: { name: 'gamma-creds' } } }));

  const missing = await waitFor('CredentialsSecretMissing', async () => {
    const condition = await backupCondition('gamma');
    return condition?.reason === 'CredentialsSecretMissing' ? condition : undefined;
  });
  expect(missing.status).toBe('False');
  expect(missing.message).toContain('Secret notes/gamma-creds');
  expect(missing.message).toContain('OBJECT_STORE_ACCESS_KEY and OBJECT_STORE_SECRET_KEY');
  const warning = await waitFor('Warning Event', async () => eventsAbout('gamma').find((e) => e.reason === 'CredentialsSecretMissing'));
  expect(warning.type).toBe('Warning');
  expect(warning.message).toContain('gamma-creds');
  expect(await cronJob('gamma')).toBeDefined();

  await createCredentials('gamma-creds', ['OBJECT_STORE_ACCESS_KEY']);
  await waitFor('CredentialsSecretIncomplete', async () => (await backupCondition('gamma'))?.reason === 'CredentialsSecretIncomplete');
  expect((await backupCondition('gamma'))?.message).toContain('lacks the key(s) OBJECT_STORE_SECRET_KEY');

  await client.patch(SECRETS, 'gamma-creds', NS, { data: { OBJECT_STORE_SECRET_KEY: Buffer.from('s').toString('base64') } }, 'merge');
  await waitFor('BackupReady=True', async () => (await backupCondition('gamma'))?.status === 'True');
});

test('a backup without an object store is reported and renders no CronJob', async () => {
  await createCredentials('delta-creds');
  await createKryton('delta', { schedule: '@daily' });

  const invalid = await waitFor('InvalidBackupSpec', async () => {
    const condition = await backupCondition('delta');
    return condition?.reason === 'InvalidBackupSpec' ? condition : undefined;
  });
  expect(invalid.message).toContain('spec.backup.objectStore is missing');
  expect(await cronJob('delta')).toBeUndefined();
});
