/**
 * Hostile user strings (command substitution, backticks, quotes, newlines, `$(VAR)` references)
 * in the backup spec reach the rendered steps as data: run for real, they change the object key
 * and nothing else — no command runs, no other variable's value leaks into the key.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { backupObjectKey } from '../../../handlers/backup/object-key.js';
import { renderBackupCronJob } from '../../../handlers/backup/render-cronjob.js';
import { DEFAULT_JOB_IMAGES } from '../../../handlers/kryton/images.js';
import type { BackupSpec } from '../../../handlers/kryton/types.js';
import { CREDENTIALS_SECRET, clusterSecrets, krytonWithBackup, listKeys, testS3Client } from './support/fixtures.js';
import { assertCliBuilt, runPod, type StepResult } from './support/run-pod.js';
import { startS3, type LoopbackS3 } from './support/s3-server.js';
import { startPostgres, type ThrowawayPostgres } from './support/throwaway-postgres.js';

/** Several real processes per test on a shared machine: generous, so only a hang fails. */
const STEP_TIMEOUT_MS = 180_000;
const BUCKET = 'kryton-backups';

let pg: ThrowawayPostgres;
let s3: LoopbackS3;
let client: S3Client;
let work: string;
let canary: string;

/** Every way a shell could be talked into running `touch <canary>`. */
const hostile = () =>
  [
    `$(touch ${canary})`,
    `\`touch ${canary}\``,
    `';touch ${canary};'`,
    `";touch ${canary};"`,
    `\ntouch ${canary}\n`,
    '$(PGPASSWORD)',
    '$(OBJECT_STORE_SECRET_KEY)',
    '${HOME}',
  ].join('~');

beforeAll(async () => {
  assertCliBuilt();
  work = await mkdtemp(join(tmpdir(), 'kryton-hostile-'));
  canary = join(work, 'canary');
  [pg, s3] = await Promise.all([startPostgres(), startS3([BUCKET])]);
  client = testS3Client(s3.endpoint);
  await pg.psql('postgres', 'CREATE DATABASE notes');
  await pg.psql('notes', "CREATE TABLE notes (id int); INSERT INTO notes VALUES (1)");
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await Promise.allSettled([pg?.stop(), s3?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

async function runBackup(name: string, backup: BackupSpec): Promise<{ steps: StepResult[]; volume: string }> {
  const volume = join(work, name);
  await mkdir(volume);
  const cronJob = renderBackupCronJob(krytonWithBackup('sample', backup), DEFAULT_JOB_IMAGES)!;
  const steps = await runPod(cronJob.spec.jobTemplate.spec.template.spec, clusterSecrets('sample', pg, 'notes'), volume, work);
  return { steps, volume };
}

const store = (overrides: Partial<NonNullable<BackupSpec['objectStore']>> = {}) => ({
  bucket: BUCKET,
  endpoint: s3.endpoint,
  credentialsSecretRef: { name: CREDENTIALS_SECRET },
  ...overrides,
});

test('a hostile prefix only changes the object key, which holds it byte for byte', async () => {
  const prefix = `${hostile()}/`;

  const { steps, volume } = await runBackup('prefix', { schedule: '@daily', retention: '1d', objectStore: store({ prefix }) });

  expect(steps.map((s) => [s.container, s.exitCode, s.stderr])).toEqual([['pg-dump', 0, ''], ['upload', 0, '']]);
  expect(steps[1].env.BACKUP_PREFIX).toBe(prefix);
  const key = backupObjectKey(prefix, 'notes', (await stat(join(volume, 'database.dump'))).mtime);
  expect(await listKeys(client, BUCKET, prefix)).toEqual([key]);
  expect(await listKeys(client, BUCKET)).toEqual([key]);
  expect(key).not.toContain(pg.password);
  expect(steps[1].stdout.trimEnd().split('\n').every((line) => line.startsWith('backup: '))).toBe(true);
  expect(existsSync(canary)).toBe(false);
  expect(existsSync(join(work, 'canary'))).toBe(false);
}, STEP_TIMEOUT_MS);

test('a hostile bucket or endpoint fails the upload with a clear message and runs nothing', async () => {
  const before = await listKeys(client, BUCKET);

  const bucket = await runBackup('bucket', { schedule: '@daily', objectStore: store({ bucket: `b${hostile()}` }) });
  const endpoint = await runBackup('endpoint', { schedule: '@daily', objectStore: store({ endpoint: `${s3.endpoint}/${hostile()}` }) });

  for (const { steps } of [bucket, endpoint]) {
    expect(steps.map((s) => [s.container, s.exitCode])).toEqual([['pg-dump', 0], ['upload', 1]]);
    expect(steps[1].stderr).toMatch(/^backup upload failed: /);
    expect(steps[1].stderr).not.toContain(pg.password);
  }
  expect(await listKeys(client, BUCKET)).toEqual(before);
  expect(existsSync(canary)).toBe(false);
}, STEP_TIMEOUT_MS);

test('a hostile retention is refused before anything is uploaded', async () => {
  const before = await listKeys(client, BUCKET);

  const { steps } = await runBackup('retention', { schedule: '@daily', retention: `1d${hostile()}`, objectStore: store() });

  expect(steps.map((s) => [s.container, s.exitCode])).toEqual([['pg-dump', 0], ['upload', 1]]);
  expect(steps[1].stderr).toContain('is not a duration like 30d');
  expect(await listKeys(client, BUCKET)).toEqual(before);
  expect(existsSync(canary)).toBe(false);
}, STEP_TIMEOUT_MS);
