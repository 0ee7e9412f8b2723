/**
 * The backup's own rendered steps, run for real: pg_dump against a throwaway PostgreSQL, the
 * built `kryton-operator backup upload` against a real S3-protocol server, the retention sweep
 * against backdated objects, and the rendered restore Job's steps into a fresh database.
 */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import type { Job } from '../../../handlers/backup/batch-shapes.js';
import type { Kryton } from '../../../handlers/kryton/types.js';
import { DEFAULT_JOB_IMAGES } from '../../../handlers/kryton/images.js';
import { backupObjectKey, backupTimestamp } from '../../../handlers/backup/object-key.js';
import { renderBackupCronJob } from '../../../handlers/backup/render-cronjob.js';
import { renderRestoreJob } from '../../../handlers/backup/render-restore-job.js';
import { CREDENTIALS_SECRET, clusterSecrets, krytonWithBackup, listKeys, putObject, testS3Client } from './support/fixtures.js';
import { assertCliBuilt, CLI, runPod } from './support/run-pod.js';
import { startS3, type LoopbackS3 } from './support/s3-server.js';
import { startPostgres, type ThrowawayPostgres } from './support/throwaway-postgres.js';

/** Several real processes per test on a shared machine: generous, so only a hang fails. */
const STEP_TIMEOUT_MS = 180_000;
const BUCKET = 'kryton-backups';
const DAY_MS = 86_400_000;
const ROWS_SQL = 'SELECT id, title, body FROM notes ORDER BY id';

let pg: ThrowawayPostgres;
let s3: LoopbackS3;
let client: S3Client;
let work: string;

beforeAll(async () => {
  assertCliBuilt();
  work = await mkdtemp(join(tmpdir(), 'kryton-backup-'));
  [pg, s3] = await Promise.all([startPostgres(), startS3([BUCKET])]);
  client = testS3Client(s3.endpoint);
  await pg.psql('postgres', 'CREATE DATABASE notes');
  await pg.psql('notes', "CREATE TABLE notes (id int PRIMARY KEY, title text NOT NULL, body text); INSERT INTO notes SELECT g, 'note ' || g, repeat('x', g) FROM generate_series(1, 250) g; INSERT INTO notes VALUES (1000, 'quotes '' and $$ and `ticks`', E'line\\nbreak')");
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await Promise.allSettled([pg?.stop(), s3?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

async function freshDir(name: string): Promise<string> {
  const dir = join(work, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

/** The restore Job as an admin gets it: `kubectl get kryton -o yaml | kryton-operator backup restore-job --key K`. */
async function printedRestoreJob(kryton: Kryton, key: string): Promise<Job> {
  const { stdout } = await execa(process.execPath, [CLI, 'backup', 'restore-job', '--key', key], { input: stringify(kryton) });
  return parse(stdout) as Job;
}

function sampleBackup(endpoint: string, retention?: string, prefix?: string) {
  return krytonWithBackup('sample', {
    schedule: '15 3 * * *',
    ...(retention ? { retention } : {}),
    objectStore: { bucket: BUCKET, endpoint, ...(prefix ? { prefix } : {}), credentialsSecretRef: { name: CREDENTIALS_SECRET } },
  });
}

test('the rendered dump and upload steps put the database under <prefix><database>-<timestamp>.dump, and the rendered restore Job brings back the same rows', async () => {
  const kryton = sampleBackup(s3.endpoint);
  const cronJob = renderBackupCronJob(kryton, DEFAULT_JOB_IMAGES)!;
  const volume = await freshDir('roundtrip-volume');

  const steps = await runPod(cronJob.spec.jobTemplate.spec.template.spec, clusterSecrets('sample', pg, 'notes'), volume, work);

  expect(steps.map((s) => [s.container, s.exitCode, s.stderr])).toEqual([['pg-dump', 0, ''], ['upload', 0, '']]);
  const dump = await stat(join(volume, 'database.dump'));
  const expectedKey = backupObjectKey('sample/', 'notes', dump.mtime);
  expect(expectedKey).toMatch(/^sample\/notes-\d{8}t\d{6}z\.dump$/);
  expect(await listKeys(client, BUCKET, 'sample/')).toEqual([expectedKey]);
  expect(steps[1].stdout).toContain(`uploaded s3://${BUCKET}/${expectedKey}`);
  expect(steps[1].stdout + steps[1].stderr).not.toContain(pg.password);

  await pg.psql('postgres', 'CREATE DATABASE restored');
  const restoreJob = await printedRestoreJob(kryton, expectedKey);
  expect(restoreJob).toEqual(renderRestoreJob(kryton, DEFAULT_JOB_IMAGES, { key: expectedKey }));
  const restoreVolume = await freshDir('restore-volume');
  const restore = await runPod(restoreJob.spec.template.spec, clusterSecrets('sample', pg, 'restored'), restoreVolume, work);

  expect(restore.map((s) => [s.container, s.exitCode, s.stderr])).toEqual([['download', 0, ''], ['pg-restore', 0, '']]);
  const original = await pg.psql('notes', ROWS_SQL);
  expect(original.split('\n').length).toBeGreaterThan(250);
  expect(await pg.psql('restored', ROWS_SQL)).toEqual(original);
}, STEP_TIMEOUT_MS);

test('the sweep deletes backups under the prefix older than retention, keeps younger ones, other files, deeper folders and other prefixes', async () => {
  const now = Date.now();
  const seeded: Array<[string, number]> = [
    ['swept/notes-20200101t000000z.dump', 400],
    ['swept/notes-20261001t000000z.dump', 31],
    ['swept/notes-20261027t000000z.dump', 29],
    ['swept/README.txt', 400],
    ['swept/nested/notes-20200101t000000z.dump', 400],
    ['swept-2/notes-20200101t000000z.dump', 400],
    ['other/notes-20200101t000000z.dump', 400],
  ];
  for (const [key, ageDays] of seeded) {
    await putObject(client, BUCKET, key, `PGDMP fixture ${key}`);
    await s3.backdate(BUCKET, key, new Date(now - ageDays * DAY_MS));
  }
  const kryton = sampleBackup(s3.endpoint, '30d', 'swept/');
  const cronJob = renderBackupCronJob(kryton, DEFAULT_JOB_IMAGES)!;
  const volume = await freshDir('sweep-volume');

  const steps = await runPod(cronJob.spec.jobTemplate.spec.template.spec, clusterSecrets('sample', pg, 'notes'), volume, work);

  expect(steps.map((s) => [s.container, s.exitCode, s.stderr])).toEqual([['pg-dump', 0, ''], ['upload', 0, '']]);
  const justWritten = backupObjectKey('swept/', 'notes', (await stat(join(volume, 'database.dump'))).mtime);
  const remaining = (await listKeys(client, BUCKET)).filter((key) => !key.startsWith('sample/'));
  expect(remaining).toEqual(
    [
      justWritten,
      'swept/notes-20261027t000000z.dump',
      'swept/README.txt',
      'swept/nested/notes-20200101t000000z.dump',
      'swept-2/notes-20200101t000000z.dump',
      'other/notes-20200101t000000z.dump',
    ].sort(),
  );
  expect(steps[1].stdout).toContain('sweep done: 2 backup(s) older than 30d deleted under "swept/"');
}, STEP_TIMEOUT_MS);

test('without a key, the restore Job restores the newest backup under the prefix', async () => {
  const kryton = sampleBackup(s3.endpoint, undefined, 'latest/');
  const cronJob = renderBackupCronJob(kryton, DEFAULT_JOB_IMAGES)!;
  const older = await runPod(cronJob.spec.jobTemplate.spec.template.spec, clusterSecrets('sample', pg, 'notes'), await freshDir('latest-1'), work);
  const [olderKey] = await listKeys(client, BUCKET, 'latest/');
  await s3.backdate(BUCKET, olderKey, new Date(Date.now() - DAY_MS));
  await pg.psql('notes', "INSERT INTO notes VALUES (2000, 'written after the first backup', NULL)");
  // Keys have one-second resolution: make sure the second dump cannot share the first one's key.
  while (olderKey.includes(backupTimestamp(new Date()))) await new Promise((resolve) => setTimeout(resolve, 50));
  const newer = await runPod(cronJob.spec.jobTemplate.spec.template.spec, clusterSecrets('sample', pg, 'notes'), await freshDir('latest-2'), work);
  expect([...older, ...newer].map((s) => s.exitCode)).toEqual([0, 0, 0, 0]);
  expect(await listKeys(client, BUCKET, 'latest/')).toHaveLength(2);

  await pg.psql('postgres', 'CREATE DATABASE latest');
  const restoreJob = renderRestoreJob(kryton, DEFAULT_JOB_IMAGES);
  const restore = await runPod(restoreJob.spec.template.spec, clusterSecrets('sample', pg, 'latest'), await freshDir('latest-restore'), work);

  expect(restore.map((s) => [s.container, s.exitCode, s.stderr])).toEqual([['download', 0, ''], ['pg-restore', 0, '']]);
  expect(restore[0].stdout).not.toContain(olderKey);
  expect(await pg.psql('latest', 'SELECT title FROM notes WHERE id = 2000')).toBe('written after the first backup');
  expect(await pg.psql('latest', ROWS_SQL)).toEqual(await pg.psql('notes', ROWS_SQL));
}, STEP_TIMEOUT_MS);

test('restoring over the live database replaces what changed since the backup', async () => {
  await pg.psql('postgres', 'CREATE DATABASE live');
  await pg.psql('live', "CREATE TABLE notes (id int PRIMARY KEY, title text NOT NULL, body text); INSERT INTO notes SELECT g, 'note ' || g, NULL FROM generate_series(1, 50) g");
  const kryton = sampleBackup(s3.endpoint, undefined, 'live/');
  const backedUp = await pg.psql('live', ROWS_SQL);
  const backup = await runPod(renderBackupCronJob(kryton, DEFAULT_JOB_IMAGES)!.spec.jobTemplate.spec.template.spec, clusterSecrets('sample', pg, 'live'), await freshDir('live-backup'), work);
  expect(backup.map((s) => s.exitCode)).toEqual([0, 0]);
  await pg.psql('live', "DELETE FROM notes WHERE id <= 10; UPDATE notes SET title = 'edited' WHERE id = 20; INSERT INTO notes VALUES (999, 'new', NULL); CREATE TABLE scratch (x int)");
  expect(await pg.psql('live', ROWS_SQL)).not.toEqual(backedUp);

  const [key] = await listKeys(client, BUCKET, 'live/');
  const restore = await runPod(renderRestoreJob(kryton, DEFAULT_JOB_IMAGES, { key }).spec.template.spec, clusterSecrets('sample', pg, 'live'), await freshDir('live-restore'), work);

  expect(restore.map((s) => [s.container, s.exitCode, s.stderr])).toEqual([['download', 0, ''], ['pg-restore', 0, '']]);
  expect(await pg.psql('live', ROWS_SQL)).toEqual(backedUp);
}, STEP_TIMEOUT_MS);
