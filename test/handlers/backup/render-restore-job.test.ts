import { BackupSpecError } from '../../../handlers/backup/render-cronjob.js';
import { renderRestoreJob } from '../../../handlers/backup/render-restore-job.js';
import { DEFAULT_JOB_IMAGES } from '../../../handlers/kryton/images.js';
import type { Kryton } from '../../../handlers/kryton/types.js';
import { restrictedViolations } from './support/pod-security.js';

const kryton: Kryton = {
  apiVersion: 'kryton.azrtydxb.io/v1alpha1',
  kind: 'Kryton',
  metadata: { name: 'notes', namespace: 'ns', uid: 'u-1' },
  spec: {
    version: '4.5.0',
    backup: { schedule: '@daily', objectStore: { bucket: 'bk', endpoint: 'https://s3.example', credentialsSecretRef: { name: 'creds' } } },
  },
};

test('downloads a given key with the operator CLI, then pg_restore --clean --if-exists --no-owner --no-acl in one transaction', () => {
  const job = renderRestoreJob(kryton, DEFAULT_JOB_IMAGES, { key: 'notes/notes-20261125t031500z.dump' });
  const spec = job.spec.template.spec;
  expect(job.metadata.name).toBe('notes-restore');
  expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', name: 'notes', uid: 'u-1', controller: true, blockOwnerDeletion: false }]);
  expect(job.spec.backoffLimit).toBe(0);
  expect(spec.restartPolicy).toBe('Never');
  const [download] = spec.initContainers;
  expect(download.image).toBe(DEFAULT_JOB_IMAGES.operator);
  expect(download.args).toEqual(['backup', 'restore', '--file', '/backup/restore.dump']);
  expect(download.env).toContainEqual({ name: 'BACKUP_OBJECT_KEY', value: 'notes/notes-20261125t031500z.dump' });
  const [restore] = spec.containers;
  expect(restore.image).toBe(DEFAULT_JOB_IMAGES.postgres);
  expect(restore.command).toEqual(['pg_restore', '--clean', '--if-exists', '--no-owner', '--no-acl', '--single-transaction', '--dbname=$(PGDATABASE)', '/backup/restore.dump']);
  expect(restore.env.map((e) => e.valueFrom?.secretKeyRef.name)).toEqual(Array(5).fill('notes-postgresql'));
  expect(restrictedViolations(spec as unknown as Record<string, unknown>)).toEqual([]);
});

test('without a key, restores the newest backup under the prefix', () => {
  const job = renderRestoreJob(kryton, DEFAULT_JOB_IMAGES, { jobName: 'notes-restore-1' });
  const [download] = job.spec.template.spec.initContainers;
  expect(job.metadata.name).toBe('notes-restore-1');
  expect(download.args).toEqual(['backup', 'restore', '--file', '/backup/restore.dump', '--latest']);
  expect(download.env).toContainEqual({ name: 'BACKUP_PREFIX', value: 'notes/' });
  expect(download.env.map((e) => e.name)).not.toContain('BACKUP_OBJECT_KEY');
});

test('refuses a Kryton without an object store', () => {
  expect(() => renderRestoreJob({ ...kryton, spec: { version: '1' } }, DEFAULT_JOB_IMAGES)).toThrow(BackupSpecError);
});
