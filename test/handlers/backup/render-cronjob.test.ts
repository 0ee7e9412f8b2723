import type { Container } from '../../../handlers/backup/batch-shapes.js';
import { BackupSpecError, renderBackupCronJob } from '../../../handlers/backup/render-cronjob.js';
import type { JobImages } from '../../../handlers/kryton/images.js';
import type { BackupSpec, Kryton } from '../../../handlers/kryton/types.js';
import { restrictedViolations } from './support/pod-security.js';

const IMAGES: JobImages = { postgres: 'postgres:16.6-bookworm', pluginInstaller: 'curl:x', operator: 'registry.example/kryton-operator:1.2.3' };

function kryton(backup?: BackupSpec, name = 'notes-prod'): Kryton {
  return {
    apiVersion: 'kryton.azrtydxb.io/v1alpha1',
    kind: 'Kryton',
    metadata: { name, namespace: 'team-a', uid: '0f6c7b1e-uid' },
    spec: { version: '4.5.0', ...(backup ? { backup } : {}) },
  };
}

const FULL: BackupSpec = {
  schedule: '15 3 * * *',
  retention: '30d',
  objectStore: {
    bucket: 'kryton-backups',
    endpoint: 'https://minio.example.com',
    region: 'eu-west-3',
    prefix: 'team-a/notes/',
    credentialsSecretRef: { name: 'backup-creds' },
  },
};

const render = (backup: BackupSpec = FULL) => renderBackupCronJob(kryton(backup), IMAGES)!;
const pod = (backup?: BackupSpec) => render(backup).spec.jobTemplate.spec.template.spec;
const container = (c: Container[], name: string) => c.find((x) => x.name === name)!;
const envOf = (c: Container) => Object.fromEntries(c.env.map((e) => [e.name, e.value ?? e.valueFrom]));

test('renders nothing when spec.backup is absent', () => {
  expect(renderBackupCronJob(kryton(undefined), IMAGES)).toBeUndefined();
});

test('refuses a backup without an object store', () => {
  expect(() => renderBackupCronJob(kryton({ schedule: '@daily' }), IMAGES)).toThrow(BackupSpecError);
});

test('names the CronJob <cr-name>-backup in the Kryton namespace, labelled and controlled by the Kryton', () => {
  const cronJob = render();
  expect(cronJob.apiVersion).toBe('batch/v1');
  expect(cronJob.kind).toBe('CronJob');
  expect(cronJob.metadata.name).toBe('notes-prod-backup');
  expect(cronJob.metadata.namespace).toBe('team-a');
  expect(cronJob.metadata.labels).toEqual({
    'app.kubernetes.io/name': 'kryton',
    'app.kubernetes.io/instance': 'notes-prod',
    'app.kubernetes.io/component': 'backup',
    'app.kubernetes.io/managed-by': 'kryton-operator',
  });
  expect(cronJob.metadata.ownerReferences).toEqual([
    { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', name: 'notes-prod', uid: '0f6c7b1e-uid', controller: true, blockOwnerDeletion: true },
  ]);
  expect(cronJob.spec.jobTemplate.metadata.labels).toEqual(cronJob.metadata.labels);
  expect(cronJob.spec.jobTemplate.spec.template.metadata.labels).toEqual(cronJob.metadata.labels);
});

test('keeps the original schedule settings: UTC schedule, Forbid, history 3/3, backoffLimit 2, OnFailure', () => {
  const { spec } = render();
  expect(spec.schedule).toBe('15 3 * * *');
  expect(spec.timeZone).toBe('Etc/UTC');
  expect(spec.concurrencyPolicy).toBe('Forbid');
  expect(spec.successfulJobsHistoryLimit).toBe(3);
  expect(spec.failedJobsHistoryLimit).toBe(3);
  expect(spec.jobTemplate.spec.backoffLimit).toBe(2);
  expect(spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
});

test('dumps with pg_dump --format=custom --no-owner --no-acl from the postgres image, PG* from <cr-name>-postgresql', () => {
  const spec = pod();
  expect(spec.initContainers.map((c) => c.name)).toEqual(['pg-dump']);
  const dump = container(spec.initContainers, 'pg-dump');
  expect(dump.image).toBe('postgres:16.6-bookworm');
  expect(dump.command).toEqual(['pg_dump', '--format=custom', '--no-owner', '--no-acl', '--file=/backup/database.dump']);
  expect(dump.args).toBeUndefined();
  expect(dump.env).toEqual(
    ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE'].map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: 'notes-prod-postgresql', key } } })),
  );
});

test('uploads with the operator image\'s own CLI, user strings as env, credentials from credentialsSecretRef', () => {
  const spec = pod();
  expect(spec.containers.map((c) => c.name)).toEqual(['upload']);
  const upload = container(spec.containers, 'upload');
  expect(upload.image).toBe('registry.example/kryton-operator:1.2.3');
  expect(upload.command).toBeUndefined();
  expect(upload.args).toEqual(['backup', 'upload', '--file', '/backup/database.dump']);
  expect(envOf(upload)).toEqual({
    OBJECT_STORE_ENDPOINT: 'https://minio.example.com',
    OBJECT_STORE_BUCKET: 'kryton-backups',
    OBJECT_STORE_REGION: 'eu-west-3',
    OBJECT_STORE_ACCESS_KEY: { secretKeyRef: { name: 'backup-creds', key: 'OBJECT_STORE_ACCESS_KEY' } },
    OBJECT_STORE_SECRET_KEY: { secretKeyRef: { name: 'backup-creds', key: 'OBJECT_STORE_SECRET_KEY' } },
    BACKUP_PREFIX: 'team-a/notes/',
    BACKUP_RETENTION: '30d',
    PGDATABASE: { secretKeyRef: { name: 'notes-prod-postgresql', key: 'PGDATABASE' } },
  });
});

test('defaults: prefix <cr-name>/, region us-east-1, no retention means no sweep variable', () => {
  const upload = container(pod({ schedule: '@daily', objectStore: { bucket: 'b-1', endpoint: 'http://minio:9000', credentialsSecretRef: { name: 'c' } } }).containers, 'upload');
  const env = envOf(upload);
  expect(env.BACKUP_PREFIX).toBe('notes-prod/');
  expect(env.OBJECT_STORE_REGION).toBe('us-east-1');
  expect(env).not.toHaveProperty('BACKUP_RETENTION');
});

test('no user string is ever part of a command or its args, and no container runs a shell', () => {
  const marked: BackupSpec = {
    schedule: '0 1 * * *',
    retention: '7d',
    objectStore: { bucket: 'u-bucket', endpoint: 'https://u-endpoint.example', region: 'u-region', prefix: 'u-prefix/', credentialsSecretRef: { name: 'u-secret' } },
  };
  const spec = pod(marked);
  const argvText = [...spec.initContainers, ...spec.containers].flatMap((c) => [...(c.command ?? []), ...(c.args ?? [])]);
  for (const userString of ['u-bucket', 'u-endpoint', 'u-region', 'u-prefix', 'u-secret', '7d']) {
    expect(argvText.join('\n')).not.toContain(userString);
  }
  for (const c of [...spec.initContainers, ...spec.containers]) {
    expect(c.command?.[0] ?? '').not.toMatch(/(^|\/)(ba|da|z|k)?sh$/);
    expect(c.command ?? []).not.toContain('-c');
  }
});

test('user strings are escaped against the kubelet\'s $(VAR) expansion', () => {
  const env = envOf(container(pod({ ...FULL, objectStore: { ...FULL.objectStore!, prefix: 'a$(OBJECT_STORE_SECRET_KEY)/$$/' } }).containers, 'upload'));
  expect(env.BACKUP_PREFIX).toBe('a$$(OBJECT_STORE_SECRET_KEY)/$$$$/');
});

test('the pod meets Pod Security restricted: non-root numeric UID, RuntimeDefault seccomp, no escalation, drop ALL, read-only root with emptyDir scratch', () => {
  const spec = pod();
  expect(restrictedViolations(spec as unknown as Record<string, unknown>)).toEqual([]);
  expect(spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
  expect(spec.automountServiceAccountToken).toBe(false);
  for (const c of [...spec.initContainers, ...spec.containers]) {
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.securityContext.runAsUser).toBeGreaterThan(0);
    expect(c.volumeMounts).toEqual([{ name: 'backup', mountPath: '/backup' }, { name: 'tmp', mountPath: '/tmp' }]);
  }
  expect(spec.volumes).toEqual([{ name: 'backup', emptyDir: {} }, { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
});

test('the pod checker itself flags what restricted forbids', () => {
  const bad = { hostNetwork: true, volumes: [{ name: 'h', hostPath: { path: '/' } }], containers: [{ name: 'x', securityContext: { privileged: true, runAsUser: 0, capabilities: { add: ['SYS_ADMIN'] } } }] };
  expect(restrictedViolations(bad)).toEqual([
    'hostNetwork is set',
    'volume h has type hostPath',
    'x: privileged',
    'x: allowPrivilegeEscalation is not false',
    'x: runAsNonRoot is not true',
    'x: runAsUser is 0',
    'x: seccompProfile is undefined',
    'x: capabilities do not drop ALL',
    'x: adds capabilities SYS_ADMIN',
  ]);
});

test('is pure: the same Kryton renders the same CronJob and is left untouched', () => {
  const input = kryton(FULL);
  const frozen = JSON.stringify(input);
  expect(renderBackupCronJob(input, IMAGES)).toEqual(renderBackupCronJob(input, IMAGES));
  expect(JSON.stringify(input)).toBe(frozen);
});
