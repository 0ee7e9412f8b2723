/**
 * The rendered snapshot CronJob container, run for real: its command and env exactly as rendered
 * (after the kubelet's `$(VAR)` expansion), under sh, with the real kubectl, against the local API
 * server with RBAC enforced, authenticated as the `<cr>-snapshot` ServiceAccount that the rendered
 * Role and RoleBinding grant. The VolumeSnapshot CRD is the one a real cluster installs.
 *
 * Backdating: the API server stamps creationTimestamp itself, as a real one does. To get snapshots
 * that are really old, the test creates them through the server's direct setup door while the
 * clock (Date only) is set back; the script then sees genuine old creationTimestamps.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import type { KubeObject } from '../../../framework/index.js';
import { LocalApiServer } from '../../../framework/testing/index.js';
import { DEFAULT_JOB_IMAGES } from '../../../handlers/kryton/images.js';
import type { Kryton, SnapshotSpec } from '../../../handlers/kryton/types.js';
import { renderSnapshot } from '../../../handlers/snapshot/render.js';
import { locateBinary } from '../../../handlers/tools/verified-binary.js';
import { kubeletExpand } from '../plugins/kubelet-expansion.js';

const NAMESPACE = 'team';
const SNAPSHOTS = 'volumesnapshots.snapshot.storage.k8s.io';
const DAY_MS = 86_400_000;
const ALL_TIMERS_BUT_DATE = [
  'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback',
  'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout',
] as const;

let server: LocalApiServer;
let work: string;

beforeAll(async () => {
  server = await LocalApiServer.start({ rbac: true });
  for (const file of ['test/fixtures/volumesnapshot-crd.yaml', 'deploy/crd/bases/kryton.azrtydxb.io_krytons.yaml']) {
    server.create('customresourcedefinitions.apiextensions.k8s.io', parse(readFileSync(file, 'utf8')) as KubeObject);
  }
  server.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
});

afterAll(async () => {
  await server.stop();
});

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'kryton-snapshot-'));
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

let instanceCounter = 0;

/** A Kryton stored on the server (so owner references resolve), with a fresh name per test. */
function storedKryton(snapshot: SnapshotSpec): Kryton {
  instanceCounter += 1;
  const name = `notes${instanceCounter}`;
  return server.create('krytons.kryton.azrtydxb.io', {
    apiVersion: 'kryton.azrtydxb.io/v1alpha1',
    kind: 'Kryton',
    metadata: { name, namespace: NAMESPACE },
    spec: { version: '4.5.0', snapshot },
  }) as Kryton;
}

/** Stores the rendered ServiceAccount, Role, RoleBinding and CronJob, optionally without the binding. */
function applyRendered(kryton: Kryton, { withRoleBinding = true } = {}) {
  const objects = renderSnapshot(kryton, DEFAULT_JOB_IMAGES)!;
  for (const { object } of objects) {
    if (object.kind === 'RoleBinding' && !withRoleBinding) continue;
    const plural = { ServiceAccount: 'serviceaccounts', Role: 'roles.rbac.authorization.k8s.io', RoleBinding: 'rolebindings.rbac.authorization.k8s.io', CronJob: 'cronjobs.batch' }[object.kind]!;
    server.create(plural, object);
  }
  return objects;
}

interface ContainerShape {
  command: string[];
  env: { name: string; value: string }[];
}

/** Runs the CronJob's container as the kubelet would, as its ServiceAccount. */
async function runSnapshotJob(kryton: Kryton) {
  const cronJob = renderSnapshot(kryton, DEFAULT_JOB_IMAGES)!.find((o) => o.object.kind === 'CronJob')!.object as unknown as {
    spec: { jobTemplate: { spec: { template: { spec: { serviceAccountName: string; containers: ContainerShape[] } } } } };
  };
  const pod = cronJob.spec.jobTemplate.spec.template.spec;
  const container = pod.containers[0];
  const env = Object.fromEntries(container.env.map((e) => [e.name, kubeletExpand(e.value, {})]));
  const argv = container.command.map((s) => kubeletExpand(s, env));
  const kubeconfig = join(work, 'kubeconfig');
  server.writeKubeconfig(kubeconfig, { serviceAccount: { namespace: NAMESPACE, name: pod.serviceAccountName } });
  return execa(argv[0], argv.slice(1), {
    reject: false,
    extendEnv: false,
    timeout: 60_000,
    env: { ...env, HOME: work, PATH: process.env.PATH ?? '/usr/bin:/bin', KUBECONFIG: kubeconfig, KUBECTL: locateBinary('kubectl') },
  });
}

function createSnapshotAt(ageMs: number, name: string, labels: Record<string, string>) {
  jest.useFakeTimers({ now: Date.now() - ageMs, doNotFake: [...ALL_TIMERS_BUT_DATE] });
  try {
    return server.create(SNAPSHOTS, {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name, namespace: NAMESPACE, labels },
      spec: { source: { persistentVolumeClaimName: 'data' } },
    });
  } finally {
    jest.useRealTimers();
  }
}

const ourLabels = (instance: string) => ({
  'app.kubernetes.io/name': 'kryton',
  'app.kubernetes.io/instance': instance,
  'app.kubernetes.io/component': 'snapshot',
  'app.kubernetes.io/managed-by': 'kryton-operator',
});

const snapshotNames = () => server.objects(SNAPSHOTS, NAMESPACE).map((o) => o.metadata.name!).sort();
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

describe('snapshot CronJob script', () => {
  it('creates a VolumeSnapshot of the PVC with a valid lower-case name, the instance labels and the class', async () => {
    const kryton = storedKryton({ schedule: '0 4 * * *', volumeSnapshotClassName: 'csi-snapclass' });
    applyRendered(kryton);
    const name = kryton.metadata.name!;

    const result = await runSnapshotJob(kryton);

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const created = server.objects(SNAPSHOTS, NAMESPACE).filter((o) => o.metadata.labels?.['app.kubernetes.io/instance'] === name);
    expect(created).toHaveLength(1);
    const snapshot = created[0];
    expect(snapshot.metadata.name).toMatch(new RegExp(`^${name}-\\d{8}-\\d{6}$`));
    expect(snapshot.metadata.name).toMatch(DNS_1123_SUBDOMAIN);
    expect(snapshot.metadata.labels).toEqual(ourLabels(name));
    expect(snapshot.spec).toEqual({ source: { persistentVolumeClaimName: name }, volumeSnapshotClassName: 'csi-snapclass' });
    expect(result.stdout).toContain('no retention set, keeping every snapshot');
    const writes = server.requestLog.filter({ verb: 'create', resource: 'volumesnapshots', namespace: NAMESPACE, code: 201 });
    expect(writes.map((e) => e.user)).toContain(`system:serviceaccount:${NAMESPACE}:${name}-snapshot`);
  });

  it("deletes this instance's snapshots past retention and keeps younger ones, other instances' and unlabelled ones", async () => {
    const kryton = storedKryton({ schedule: '0 4 * * *', retention: '7d' });
    applyRendered(kryton);
    const name = kryton.metadata.name!;
    createSnapshotAt(10 * DAY_MS, `${name}-old`, ourLabels(name));
    createSnapshotAt(8 * DAY_MS, `${name}-older-than-a-week`, ourLabels(name));
    createSnapshotAt(6 * DAY_MS, `${name}-young`, ourLabels(name));
    createSnapshotAt(30 * DAY_MS, `${name}-other-instance`, ourLabels(`${name}x`));
    createSnapshotAt(30 * DAY_MS, `${name}-taken-by-hand`, { 'app.kubernetes.io/instance': name });
    const before = snapshotNames();

    const result = await runSnapshotJob(kryton);

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const after = snapshotNames();
    expect(after).not.toContain(`${name}-old`);
    expect(after).not.toContain(`${name}-older-than-a-week`);
    for (const kept of [`${name}-young`, `${name}-other-instance`, `${name}-taken-by-hand`]) expect(after).toContain(kept);
    const added = after.filter((n) => !before.includes(n));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(new RegExp(`^${name}-\\d{8}-\\d{6}$`));
    expect(result.stdout).toContain('deleted 2 snapshot(s)');
    const fresh = server.objects(SNAPSHOTS, NAMESPACE).find((o) => o.metadata.name === added[0])!;
    expect(fresh.spec).toEqual({ source: { persistentVolumeClaimName: name } });
  });

  it('is refused by the API server without the RoleBinding: RBAC is what lets it work', async () => {
    const kryton = storedKryton({ schedule: '0 4 * * *', retention: '7d' });
    applyRendered(kryton, { withRoleBinding: false });

    const result = await runSnapshotJob(kryton);

    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/forbidden/i);
    expect(server.objects(SNAPSHOTS, NAMESPACE).filter((o) => o.metadata.labels?.['app.kubernetes.io/instance'] === kryton.metadata.name)).toEqual([]);
  });

  it('refuses values that are not DNS-1123 names before talking to the API server', async () => {
    const before = server.requestLog.all().length;
    const result = await execa('/bin/sh', ['-c', renderSnapshotScript(), 'kryton-snapshot'], {
      reject: false,
      extendEnv: false,
      env: { INSTANCE: 'x","metadata":{"name":"evil', NAMESPACE, PVC_NAME: 'data', PATH: process.env.PATH ?? '/usr/bin:/bin', KUBECTL: locateBinary('kubectl') },
    });

    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('INSTANCE must be a DNS-1123 name');
    expect(server.requestLog.all().length).toBe(before);
  });
});

function renderSnapshotScript(): string {
  const kryton: Kryton = { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name: 'x', namespace: NAMESPACE, uid: 'uid-x' }, spec: { version: '1', snapshot: { schedule: '@daily' } } };
  const cronJob = renderSnapshot(kryton, DEFAULT_JOB_IMAGES)!.find((o) => o.object.kind === 'CronJob')!.object as unknown as {
    spec: { jobTemplate: { spec: { template: { spec: { containers: ContainerShape[] } } } } };
  };
  return kubeletExpand(cronJob.spec.jobTemplate.spec.template.spec.containers[0].command[2], {});
}
