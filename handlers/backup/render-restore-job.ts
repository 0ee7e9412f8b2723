/**
 * A one-off restore Job: download a backup object, then `pg_restore` it into the Kryton's database.
 * Pure, like the CronJob renderer, and built from the same parts: same images, same Secrets, same
 * restricted pod. The operator never creates it by itself; `docs/backup-restore.md` shows how to
 * render and apply it.
 */
import type { JobImages } from '../kryton/images.js';
import { instanceLabels } from '../kryton/names.js';
import type { Kryton } from '../kryton/types.js';
import type { Job } from './batch-shapes.js';
import { ENV } from './env-names.js';
import { DUMP_DIR, literalEnv, restrictedContainer, restrictedPodSecurity, scratchVolumes } from './pod-parts.js';
import { controllerReference } from '../kryton/owned-objects.js';
import { BackupSpecError, effectivePrefix, objectStoreEnv, postgresEnv } from './render-cronjob.js';

export const RESTORE_COMPONENT = 'restore';
export const DOWNLOAD_CONTAINER = 'download';
export const RESTORE_CONTAINER = 'pg-restore';
export const RESTORE_FILE = `${DUMP_DIR}/restore.dump`;

export interface RestoreOptions {
  /** The object key to restore; omitted: the newest backup under the Kryton's prefix. */
  key?: string;
  /** Job name; defaults to `<cr-name>-restore`. */
  jobName?: string;
}

/**
 * pg_restore's own arguments. `--single-transaction` makes the restore all-or-nothing: a failure
 * leaves the database as it was. `$(PGDATABASE)` is expanded by the kubelet from the container's
 * env (the chart's Secret), never by a shell.
 */
export const PG_RESTORE_ARGS = ['--clean', '--if-exists', '--no-owner', '--no-acl', '--single-transaction', '--dbname=$(PGDATABASE)'];

/** The restore Job's name for a Kryton, when none is given. */
export const defaultRestoreJobName = (crName: string): string => `${crName}-restore`;

export function renderRestoreJob(kryton: Kryton, images: JobImages, options: RestoreOptions = {}): Job {
  const store = kryton.spec.backup?.objectStore;
  if (!store) throw new BackupSpecError('spec.backup.objectStore is missing: the restore reads from the backup object store');
  const crName = kryton.metadata.name ?? '';
  const namespace = kryton.metadata.namespace;
  if (!namespace) throw new BackupSpecError('the Kryton has no metadata.namespace');
  const labels = instanceLabels(crName, RESTORE_COMPONENT);
  const which = options.key === undefined ? ['--latest'] : [];
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: options.jobName ?? defaultRestoreJobName(crName),
      namespace,
      labels,
      // Garbage-collected with the Kryton, but without blockOwnerDeletion: a person applies this Job,
      // and setting that flag would need update rights on krytons/finalizers.
      ownerReferences: [{ ...controllerReference(kryton), blockOwnerDeletion: false }],
    },
    spec: {
      // A restore is watched by a person: a failure is reported, not retried behind their back.
      backoffLimit: 0,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurity(),
          initContainers: [
            restrictedContainer({
              name: DOWNLOAD_CONTAINER,
              image: images.operator,
              args: ['backup', 'restore', '--file', RESTORE_FILE, ...which],
              env: [
                ...objectStoreEnv(store),
                literalEnv(ENV.prefix, effectivePrefix(crName, store)),
                ...(options.key === undefined ? [] : [literalEnv(ENV.objectKey, options.key)]),
              ],
              memoryLimit: '256Mi',
            }),
          ],
          containers: [
            restrictedContainer({
              name: RESTORE_CONTAINER,
              image: images.postgres,
              command: ['pg_restore', ...PG_RESTORE_ARGS, RESTORE_FILE],
              env: postgresEnv(crName),
              memoryLimit: '512Mi',
            }),
          ],
          volumes: scratchVolumes(),
        },
      },
    },
  };
}
