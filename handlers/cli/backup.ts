/**
 * `kryton-operator backup upload|restore|restore-job`: the steps the backup CronJob and the
 * restore Job run inside the operator's own image, and the printer of the restore Job. Every user string arrives through env (or a flag when run by
 * hand); credentials only through env, so they never show in a process list.
 */
import { text } from 'node:stream/consumers';
import { Command, Option } from 'commander';
import { parse, stringify } from 'yaml';
import { ENV, DEFAULT_REGION } from '../backup/env-names.js';
import { ObjectStore } from '../backup/object-store.js';
import { downloadBackup } from '../backup/restore-download.js';
import { renderRestoreJob } from '../backup/render-restore-job.js';
import { uploadAndSweep } from '../backup/uploader.js';
import { DEFAULT_JOB_IMAGES } from '../kryton/images.js';
import type { Kryton } from '../kryton/types.js';

interface StoreOptions {
  endpoint: string;
  bucket: string;
  region: string;
}

const log = (line: string): void => {
  console.log(`backup: ${line}`);
};

function withStoreOptions(command: Command): Command {
  return command
    .addOption(new Option('--endpoint <url>', 'S3-compatible endpoint URL').env(ENV.endpoint).makeOptionMandatory())
    .addOption(new Option('--bucket <name>', 'bucket name').env(ENV.bucket).makeOptionMandatory())
    .addOption(new Option('--region <region>', 'region').env(ENV.region).default(DEFAULT_REGION));
}

function openStore(options: StoreOptions): ObjectStore {
  const accessKeyId = process.env[ENV.accessKey];
  const secretAccessKey = process.env[ENV.secretKey];
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(`set ${ENV.accessKey} and ${ENV.secretKey} in the environment (the backup pod reads them from the Secret named by spec.backup.objectStore.credentialsSecretRef)`);
  }
  return new ObjectStore({ endpoint: options.endpoint, bucket: options.bucket, region: options.region, accessKeyId, secretAccessKey });
}

/** Runs a step; a failure prints one clear line and sets a non-zero exit code (the Job retries). */
async function step(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    console.error(`backup ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

function uploadCommand(): Command {
  return withStoreOptions(new Command('upload'))
    .description('upload a pg_dump archive as <prefix><database>-<timestamp>.dump, then delete backups under the prefix older than the retention')
    .requiredOption('--file <path>', 'the pg_dump --format=custom archive to upload')
    .addOption(new Option('--prefix <prefix>', 'key prefix backups are written and swept under').env(ENV.prefix).makeOptionMandatory())
    .addOption(new Option('--database <name>', 'database name used in the object key').env(ENV.database).makeOptionMandatory())
    .addOption(new Option('--retention <duration>', 'delete backups under the prefix older than this (30d, 12h, 2w, 90m); unset keeps all').env(ENV.retention))
    .action(async (options: StoreOptions & { file: string; prefix: string; database: string; retention?: string }) => {
      await step('upload', async () => {
        const store = openStore(options);
        try {
          await uploadAndSweep(store, { file: options.file, prefix: options.prefix, database: options.database, retention: options.retention || undefined }, log);
        } finally {
          store.destroy();
        }
      });
    });
}

function restoreCommand(): Command {
  return withStoreOptions(new Command('restore'))
    .description('download one backup to a file, for pg_restore (see docs/backup-restore.md)')
    .requiredOption('--file <path>', 'where to write the downloaded archive')
    .addOption(new Option('--key <key>', 'object key of the backup').env(ENV.objectKey).conflicts('latest'))
    .option('--latest', 'take the newest backup directly under --prefix')
    .addOption(new Option('--prefix <prefix>', 'key prefix, for --latest').env(ENV.prefix))
    .action(async (options: StoreOptions & { file: string; key?: string; latest?: boolean; prefix?: string }) => {
      await step('restore', async () => {
        if (!options.key && !(options.latest && options.prefix)) {
          throw new Error('give --key (or BACKUP_OBJECT_KEY), or --latest with --prefix (or BACKUP_PREFIX)');
        }
        const store = openStore(options);
        try {
          const source = options.key ? { key: options.key } : { latestUnder: options.prefix ?? '' };
          await downloadBackup(store, source, options.file, log);
        } finally {
          store.destroy();
        }
      });
    });
}

function restoreJobCommand(): Command {
  return new Command('restore-job')
    .description('print the restore Job for a Kryton read from stdin (kubectl get kryton NAME -o yaml | kryton-operator backup restore-job | kubectl apply -f -)')
    .option('--key <key>', 'object key of the backup to restore (default: the newest under the prefix)')
    .option('--job-name <name>', 'name of the Job (default: <cr-name>-restore)')
    .option('--postgres-image <image>', 'image with pg_restore; its major must match the server', DEFAULT_JOB_IMAGES.postgres)
    .option('--operator-image <image>', 'the operator image, which downloads the backup', DEFAULT_JOB_IMAGES.operator)
    .action(async (options: { key?: string; jobName?: string; postgresImage: string; operatorImage: string }) => {
      await step('restore-job', async () => {
        const kryton = parse(await text(process.stdin)) as Kryton;
        if (kryton?.kind !== 'Kryton') throw new Error('stdin must hold one Kryton object (kubectl get kryton NAME -o yaml)');
        const images = { ...DEFAULT_JOB_IMAGES, postgres: options.postgresImage, operator: options.operatorImage };
        const job = renderRestoreJob(kryton, images, { ...(options.key ? { key: options.key } : {}), ...(options.jobName ? { jobName: options.jobName } : {}) });
        process.stdout.write(stringify(job));
      });
    });
}

/** Adds the `backup` command group to the CLI. */
export function registerBackup(program: Command): void {
  program.addCommand(
    new Command('backup')
      .description('steps of the backup CronJob and the restore Job (run inside the operator image)')
      .addCommand(uploadCommand())
      .addCommand(restoreCommand())
      .addCommand(restoreJobCommand()),
  );
}
