/**
 * The backup CronJob `<cr-name>-backup`, rendered from the Kryton alone. Pure: Kryton in, manifest
 * out. Two steps in one pod, no shell anywhere: `pg_dump` (postgres image) writes the dump into an
 * emptyDir, then `kryton-operator backup upload` (the operator's own image) uploads it and sweeps
 * old dumps. Every user string reaches the pod as an env value, never as command text.
 */
import type { JobImages } from '../kryton/images.js';
import { instanceLabels, krytonNames } from '../kryton/names.js';
import type { Kryton, ObjectStoreSpec } from '../kryton/types.js';
import { controllerReference } from '../kryton/owned-objects.js';
import { SCHEDULE_TIME_ZONE, scheduledJobSpec } from '../kryton/scheduled-job.js';
import type { Container, CronJob, EnvVar } from './batch-shapes.js';
import { DEFAULT_REGION, ENV, POSTGRES_KEYS } from './env-names.js';
import { DUMP_DIR, literalEnv, restrictedContainer, restrictedPodSecurity, scratchVolumes, secretEnv } from './pod-parts.js';

export const BACKUP_COMPONENT = 'backup';
export const DUMP_CONTAINER = 'pg-dump';
export const UPLOAD_CONTAINER = 'upload';
/** The dump's path inside the pod; the object key is computed by the uploader. */
export const DUMP_FILE = `${DUMP_DIR}/database.dump`;
export const BACKUP_TIME_ZONE = SCHEDULE_TIME_ZONE;

/** Raised when `spec.backup` cannot be rendered; check backupProblems() first. */
export class BackupSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupSpecError';
  }
}

/** The prefix backups are written and swept under: spec value, or `<cr-name>/`. */
export function effectivePrefix(crName: string, store: ObjectStoreSpec): string {
  return store.prefix ? store.prefix : krytonNames(crName).defaultBackupPrefix;
}

/** Endpoint, bucket, region and credentials: what any step talking to the object store needs. */
export function objectStoreEnv(store: ObjectStoreSpec): EnvVar[] {
  return [
    literalEnv(ENV.endpoint, store.endpoint),
    literalEnv(ENV.bucket, store.bucket),
    literalEnv(ENV.region, store.region ? store.region : DEFAULT_REGION),
    secretEnv(ENV.accessKey, store.credentialsSecretRef.name),
    secretEnv(ENV.secretKey, store.credentialsSecretRef.name),
  ];
}

/** PG* from the chart's Secret: the dump and the restore connect with exactly these. */
export function postgresEnv(crName: string): EnvVar[] {
  return POSTGRES_KEYS.map((key) => secretEnv(key, krytonNames(crName).postgresSecret));
}

function dumpContainer(crName: string, images: JobImages): Container {
  return restrictedContainer({
    name: DUMP_CONTAINER,
    image: images.postgres,
    command: ['pg_dump', '--format=custom', '--no-owner', '--no-acl', `--file=${DUMP_FILE}`],
    env: postgresEnv(crName),
    memoryLimit: '512Mi',
  });
}

function uploadContainer(crName: string, store: ObjectStoreSpec, retention: string | undefined, images: JobImages): Container {
  return restrictedContainer({
    name: UPLOAD_CONTAINER,
    image: images.operator,
    // The image's entrypoint is the kryton-operator CLI; these are its arguments, fixed text only.
    args: ['backup', 'upload', '--file', DUMP_FILE],
    env: [
      ...objectStoreEnv(store),
      literalEnv(ENV.prefix, effectivePrefix(crName, store)),
      ...(retention ? [literalEnv(ENV.retention, retention)] : []),
      secretEnv(ENV.database, krytonNames(crName).postgresSecret),
    ],
    memoryLimit: '256Mi',
  });
}

/** The CronJob for `spec.backup`, or undefined when the Kryton has no backup. */
export function renderBackupCronJob(kryton: Kryton, images: JobImages): CronJob | undefined {
  const backup = kryton.spec.backup;
  if (!backup) return undefined;
  const store = backup.objectStore;
  if (!store) throw new BackupSpecError('spec.backup.objectStore is missing');
  const crName = kryton.metadata.name ?? '';
  const namespace = kryton.metadata.namespace;
  if (!namespace) throw new BackupSpecError('the Kryton has no metadata.namespace');
  const labels = instanceLabels(crName, BACKUP_COMPONENT);
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name: krytonNames(crName).backupCronJob,
      namespace,
      labels,
      ownerReferences: [controllerReference(kryton)],
    },
    spec: scheduledJobSpec(backup.schedule, labels, {
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: restrictedPodSecurity(),
      initContainers: [dumpContainer(crName, images)],
      containers: [uploadContainer(crName, store, backup.retention, images)],
      volumes: scratchVolumes(),
    }),
  };
}
