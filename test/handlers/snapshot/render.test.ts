import { RetentionError } from '../../../handlers/kryton/duration.js';
import { DEFAULT_JOB_IMAGES } from '../../../handlers/kryton/images.js';
import type { Kryton, SnapshotSpec } from '../../../handlers/kryton/types.js';
import { SNAPSHOT_SCRIPT } from '../../../handlers/snapshot/snapshot-script.js';
import { renderSnapshot, snapshotObjectRefs } from '../../../handlers/snapshot/render.js';
import { kubeletExpand } from '../plugins/kubelet-expansion.js';

function kryton(snapshot?: SnapshotSpec): Kryton {
  return {
    apiVersion: 'kryton.azrtydxb.io/v1alpha1',
    kind: 'Kryton',
    metadata: { name: 'notes', namespace: 'team', uid: 'uid-1' },
    spec: { version: '4.5.0', ...(snapshot ? { snapshot } : {}) },
  };
}

interface PodSpec {
  serviceAccountName: string;
  automountServiceAccountToken: boolean;
  restartPolicy: string;
  securityContext: Record<string, unknown>;
  containers: { name: string; image: string; command: string[]; env: { name: string; value: string }[]; securityContext: Record<string, unknown>; volumeMounts: unknown[] }[];
  volumes: unknown[];
}

function rendered(snapshot: SnapshotSpec = { schedule: '0 4 * * *', retention: '7d' }, images = DEFAULT_JOB_IMAGES) {
  const objects = renderSnapshot(kryton(snapshot), images)!;
  const byKind = Object.fromEntries(objects.map((o) => [o.object.kind, o.object]));
  const cronJob = byKind.CronJob as unknown as {
    metadata: Kryton['metadata'];
    spec: Record<string, unknown> & { jobTemplate: { spec: { backoffLimit: number; template: { spec: PodSpec } } } };
  };
  const pod = cronJob.spec.jobTemplate.spec.template.spec;
  const env = Object.fromEntries(pod.containers[0].env.map((e) => [e.name, kubeletExpand(e.value, {})]));
  return { objects, byKind, cronJob, pod, env };
}

describe('renderSnapshot', () => {
  it('renders nothing without spec.snapshot', () => {
    expect(renderSnapshot(kryton(), DEFAULT_JOB_IMAGES)).toBeUndefined();
  });

  it('renders ServiceAccount, Role, RoleBinding, then the CronJob, all named <cr>-snapshot in the namespace', () => {
    const { objects } = rendered();
    expect(objects.map((o) => [o.object.kind, o.object.metadata.name, o.object.metadata.namespace, o.resource.plural])).toEqual([
      ['ServiceAccount', 'notes-snapshot', 'team', 'serviceaccounts'],
      ['Role', 'notes-snapshot', 'team', 'roles'],
      ['RoleBinding', 'notes-snapshot', 'team', 'rolebindings'],
      ['CronJob', 'notes-snapshot', 'team', 'cronjobs'],
    ]);
  });

  it('makes the Kryton the controlling owner of every object, with the instance labels', () => {
    for (const { object } of rendered().objects) {
      expect(object.metadata.ownerReferences).toEqual([
        { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', name: 'notes', uid: 'uid-1', controller: true, blockOwnerDeletion: true },
      ]);
      expect(object.metadata.labels).toEqual({
        'app.kubernetes.io/name': 'kryton',
        'app.kubernetes.io/instance': 'notes',
        'app.kubernetes.io/component': 'snapshot',
        'app.kubernetes.io/managed-by': 'kryton-operator',
      });
    }
  });

  it('grants exactly get, list, create and delete on volumesnapshots, bound to the ServiceAccount', () => {
    const { byKind } = rendered();
    expect(byKind.Role.rules).toEqual([{ apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['get', 'list', 'create', 'delete'] }]);
    expect(byKind.RoleBinding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'notes-snapshot', namespace: 'team' }]);
    expect(byKind.RoleBinding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'notes-snapshot' });
  });

  it('schedules in UTC, never overlapping, with bounded history and retries', () => {
    const { cronJob, pod } = rendered({ schedule: '@daily' });
    expect(cronJob.spec).toMatchObject({ schedule: '@daily', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3 });
    expect(cronJob.spec.jobTemplate.spec.backoffLimit).toBe(2);
    expect(pod.restartPolicy).toBe('OnFailure');
    expect(pod.serviceAccountName).toBe('notes-snapshot');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  it('runs a Pod Security "restricted" pod with a writable /tmp only', () => {
    const { pod } = rendered();
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  it("runs the fixed script on the operator's own image (pinned, overridable)", () => {
    const images = { ...DEFAULT_JOB_IMAGES, operator: 'registry.example/kryton-operator:9.9.9' };
    const { pod } = rendered(undefined, images);
    expect(DEFAULT_JOB_IMAGES.operator).toBe('ghcr.io/azrtydxb/kryton/kryton-operator:0.1.0');
    expect(pod.containers[0].image).toBe('registry.example/kryton-operator:9.9.9');
    expect(pod.containers[0].command.map((s) => kubeletExpand(s, {}))).toEqual(['/bin/sh', '-c', SNAPSHOT_SCRIPT, 'kryton-snapshot']);
  });

  it('passes the instance, PVC, class and retention in seconds as environment data', () => {
    expect(rendered({ schedule: '@daily', retention: '12h', volumeSnapshotClassName: 'csi-snap' }).env).toEqual({
      INSTANCE: 'notes',
      NAMESPACE: 'team',
      PVC_NAME: 'notes',
      VOLUME_SNAPSHOT_CLASS: 'csi-snap',
      RETENTION_SECONDS: String(12 * 3600),
      HOME: '/tmp',
    });
    expect(rendered({ schedule: '@daily' }).env).toEqual({ INSTANCE: 'notes', NAMESPACE: 'team', PVC_NAME: 'notes', HOME: '/tmp' });
  });

  it.each([['7d', 604800], ['2w', 1209600], ['30m', 1800]])('turns retention %s into %i seconds', (retention, seconds) => {
    expect(rendered({ schedule: '@daily', retention }).env.RETENTION_SECONDS).toBe(String(seconds));
  });

  it('throws RetentionError for a retention that is not a duration', () => {
    expect(() => renderSnapshot(kryton({ schedule: '@daily', retention: '7 days' }), DEFAULT_JOB_IMAGES)).toThrow(RetentionError);
  });
});

describe('snapshotObjectRefs', () => {
  it('names every object renderSnapshot renders, CronJob first for removal', () => {
    const refs = snapshotObjectRefs(kryton());
    expect(refs.map((r) => [r.resource.kind, r.name])).toEqual([
      ['CronJob', 'notes-snapshot'],
      ['RoleBinding', 'notes-snapshot'],
      ['Role', 'notes-snapshot'],
      ['ServiceAccount', 'notes-snapshot'],
    ]);
    const renderedKinds = rendered().objects.map((o) => `${o.resource.plural}/${o.object.metadata.name}`).sort();
    expect(refs.map((r) => `${r.resource.plural}/${r.name}`).sort()).toEqual(renderedKinds);
  });
});
