/**
 * Pure rendering of everything the snapshot schedule needs: the CronJob `<cr>-snapshot` and the
 * ServiceAccount, Role and RoleBinding it runs under, all owned by the Kryton. Kryton in,
 * manifests out; no I/O.
 */
import type { ResourceRef } from '../../framework/index.js';
import { parseRetentionSeconds } from '../kryton/duration.js';
import type { JobImages } from '../kryton/images.js';
import { instanceLabels, krytonNames } from '../kryton/names.js';
import type { Kryton } from '../kryton/types.js';
import { escapeKubeletExpansion } from '../kryton/kubelet-escape.js';
import { OPERATOR_IMAGE_UID, restrictedContainerSecurity } from '../kryton/pod-security.js';
import { controllerReference, type OwnedObject } from '../kryton/owned-objects.js';
import { CRONJOBS, ROLE_BINDINGS, ROLES, SERVICE_ACCOUNTS } from '../kryton/resources.js';
import { scheduledJobSpec } from '../kryton/scheduled-job.js';
import { SNAPSHOT_SCRIPT } from './snapshot-script.js';

export const SNAPSHOT_COMPONENT = 'snapshot';
const RUN_AS = OPERATOR_IMAGE_UID;

/** The Role's whole grant: what the script does to VolumeSnapshots in its own namespace. */
export const SNAPSHOT_RULES = [{ apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['get', 'list', 'create', 'delete'] }];

/**
 * ServiceAccount, Role, RoleBinding and CronJob (in the order they must exist), or undefined when
 * the Kryton has no spec.snapshot. Throws RetentionError for a retention that is not a duration.
 */
export function renderSnapshot(kryton: Kryton, images: JobImages): OwnedObject[] | undefined {
  const snapshot = kryton.spec.snapshot;
  if (!snapshot) return undefined;
  const crName = kryton.metadata.name ?? '';
  const namespace = kryton.metadata.namespace ?? '';
  const names = krytonNames(crName);
  const labels = instanceLabels(crName, SNAPSHOT_COMPONENT);
  const metadata = (name: string) => ({ name, namespace, labels, ownerReferences: [controllerReference(kryton)] });
  const retentionSeconds = snapshot.retention === undefined ? undefined : parseRetentionSeconds(snapshot.retention);

  const env = [
    { name: 'INSTANCE', value: crName },
    { name: 'NAMESPACE', value: namespace },
    { name: 'PVC_NAME', value: names.pvc },
    ...(snapshot.volumeSnapshotClassName ? [{ name: 'VOLUME_SNAPSHOT_CLASS', value: snapshot.volumeSnapshotClassName }] : []),
    ...(retentionSeconds === undefined ? [] : [{ name: 'RETENTION_SECONDS', value: String(retentionSeconds) }]),
    // kubectl keeps its discovery cache under $HOME; the root filesystem is read-only.
    { name: 'HOME', value: '/tmp' },
  ].map((e) => ({ name: e.name, value: escapeKubeletExpansion(e.value) }));

  const cronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: metadata(names.snapshotCronJob),
    spec: scheduledJobSpec(snapshot.schedule, labels, {
      serviceAccountName: names.snapshotServiceAccount,
      automountServiceAccountToken: true,
      enableServiceLinks: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: RUN_AS,
        runAsGroup: RUN_AS,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'snapshot',
          image: images.operator,
          imagePullPolicy: 'IfNotPresent',
          command: ['/bin/sh', '-c', SNAPSHOT_SCRIPT, 'kryton-snapshot'].map(escapeKubeletExpansion),
          env,
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
          securityContext: restrictedContainerSecurity(),
        },
      ],
      volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
    }),
  };

  return [
    { resource: SERVICE_ACCOUNTS, object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(names.snapshotServiceAccount) } },
    { resource: ROLES, object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: metadata(names.snapshotRole), rules: SNAPSHOT_RULES } },
    {
      resource: ROLE_BINDINGS,
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: metadata(names.snapshotRoleBinding),
        subjects: [{ kind: 'ServiceAccount', name: names.snapshotServiceAccount, namespace }],
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: names.snapshotRole },
      },
    },
    { resource: CRONJOBS, object: cronJob },
  ];
}

/** Every object renderSnapshot can produce, by resource and name: what to remove when cleared. */
export function snapshotObjectRefs(kryton: Kryton): { resource: ResourceRef; name: string }[] {
  const names = krytonNames(kryton.metadata.name ?? '');
  return [
    { resource: CRONJOBS, name: names.snapshotCronJob },
    { resource: ROLE_BINDINGS, name: names.snapshotRoleBinding },
    { resource: ROLES, name: names.snapshotRole },
    { resource: SERVICE_ACCOUNTS, name: names.snapshotServiceAccount },
  ];
}
