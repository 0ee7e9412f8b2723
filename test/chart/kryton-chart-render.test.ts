/**
 * The embedded kryton chart renders valid Kubernetes objects, named as the operator expects, for the
 * default values and for every sample Kryton's values; bad values fail naming the key.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KubeObject } from '../../framework/index.js';
import { Helm, krytonChart } from './helm-cli.js';
import { injectedValues, sampleKrytons } from './kryton-values.js';
import { strictValidationProblems } from './openapi-validation.js';
import { podSpecsOf, restrictedViolations } from './pod-security.js';

const NAMESPACE = 'notes';
let helm: Helm;
let workDir: string;

beforeAll(async () => {
  helm = await Helm.create();
  workDir = await mkdtemp(join(tmpdir(), 'kryton-chart-values-'));
});

afterAll(async () => {
  await helm.dispose();
  await rm(workDir, { recursive: true, force: true });
});

async function render(values: Record<string, unknown>, release = 'kryton-test'): Promise<KubeObject[]> {
  const file = join(workDir, `${release}-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(values));
  return helm.template(krytonChart, release, NAMESPACE, file);
}

const find = (objects: KubeObject[], kind: string, name: string): KubeObject | undefined =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

const ALL_OPTIONS_ON = {
  fullnameOverride: 'everything',
  serviceAccount: { create: true },
  ingress: { enabled: true, className: 'nginx', tls: [{ hosts: ['kryton.example.com'], secretName: 'kryton-tls' }] },
  autoscaling: { enabled: true },
  persistence: { keep: true, storageClass: 'fast' },
  plugins: { enabled: true },
  env: { config: { LOG_LEVEL: 'debug' }, secret: { SMTP_PASSWORD: 'x' } },
  metrics: { serviceMonitor: { enabled: true } },
};

describe('the kryton chart renders strictly valid objects', () => {
  it('with the default values', async () => {
    const objects = await render({});
    expect(objects.map((o) => o.kind).sort()).toEqual(
      ['ConfigMap', 'Deployment', 'PersistentVolumeClaim', 'Secret', 'Secret', 'Service', 'Service', 'StatefulSet'],
    );
    expect(strictValidationProblems(objects)).toEqual([]);
  });

  it('with every optional part switched on', async () => {
    const objects = await render(ALL_OPTIONS_ON);
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Ingress', 'HorizontalPodAutoscaler', 'ServiceAccount', 'ServiceMonitor']));
    expect(strictValidationProblems(objects, ['monitoring.coreos.com/v1/ServiceMonitor'])).toEqual([]);
  });

  it('with an external database instead of the bundled one', async () => {
    const objects = await render({ postgresql: { enabled: false }, externalDatabase: { host: 'db.example.com', password: 'pw' } });
    expect(objects.some((o) => o.kind === 'StatefulSet')).toBe(false);
    expect(strictValidationProblems(objects)).toEqual([]);
    const secret = find(objects, 'Secret', 'kryton-test-postgresql')!;
    expect(Buffer.from((secret.data as Record<string, string>).PGHOST, 'base64').toString()).toBe('db.example.com');
  });

  it('with the values the operator passes for each sample Kryton', async () => {
    const samples = await sampleKrytons();
    expect(samples.length).toBeGreaterThanOrEqual(5);
    for (const { file, kryton } of samples) {
      const name = kryton.metadata.name!;
      const objects = await render(injectedValues(kryton), name);
      expect({ file, name, problems: strictValidationProblems(objects) }).toEqual({ file, name, problems: [] });
      const violations = podSpecsOf(objects).flatMap(({ owner, podSpec }) => restrictedViolations(podSpec).map((v) => `${owner}: ${v}`));
      expect({ file, name, violations }).toEqual({ file, name, violations: [] });
    }
  });
});

describe('the kryton chart names objects after the Kryton, as the operator expects', () => {
  it('Deployment, Service and PVC are <name>; the database Secret <name>-postgresql holds the PG* variables', async () => {
    const objects = await render(injectedValues({
      apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name: 'team-notes' }, spec: { version: '4.6.1' },
    }), 'team-notes');
    for (const kind of ['Deployment', 'Service', 'PersistentVolumeClaim', 'ConfigMap', 'Secret']) {
      expect(find(objects, kind, 'team-notes')).toBeDefined();
    }
    const database = find(objects, 'Secret', 'team-notes-postgresql')!;
    expect(Object.keys(database.data as object).sort()).toEqual(['PGDATABASE', 'PGHOST', 'PGPASSWORD', 'PGPORT', 'PGUSER']);
    expect(find(objects, 'StatefulSet', 'team-notes-postgresql')).toBeDefined();
    const deployment = find(objects, 'Deployment', 'team-notes')! as unknown as DeploymentShape;
    expect(deployment.spec.template.spec.containers[0].image).toBe('ghcr.io/azrtydxb/kryton/server:4.6.1');
  });

  it('keeps the PVC on uninstall when persistence.keep is set', async () => {
    const objects = await render({ fullnameOverride: 'kept', persistence: { keep: true } });
    expect(find(objects, 'PersistentVolumeClaim', 'kept')!.metadata.annotations).toEqual({ 'helm.sh/resource-policy': 'keep' });
    const notKept = await render({ fullnameOverride: 'kept' });
    expect(find(notKept, 'PersistentVolumeClaim', 'kept')!.metadata.annotations).toBeUndefined();
  });

  it('mounts the plugins sub-directory of the data volume when plugins.enabled', async () => {
    const objects = await render({ fullnameOverride: 'with-plugins', plugins: { enabled: true } });
    const deployment = find(objects, 'Deployment', 'with-plugins')! as unknown as DeploymentShape;
    expect(deployment.metadata.annotations).toMatchObject({
      'kryton.azrtydxb.io/plugins-volume': 'data',
      'kryton.azrtydxb.io/plugins-sub-path': 'plugins',
      'kryton.azrtydxb.io/plugins-mount-path': '/plugins',
    });
    expect(deployment.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/plugins', subPath: 'plugins', readOnly: true });
    expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'with-plugins' } });
    const configMap = find(objects, 'ConfigMap', 'with-plugins')!;
    expect((configMap.data as Record<string, string>).PLUGINS_DIR).toBe('/plugins');
  });

  it('generates BETTER_AUTH_SECRET unless the user gives one or an existing Secret', async () => {
    const generated = find(await render({ fullnameOverride: 'a' }), 'Secret', 'a')!;
    expect(Buffer.from((generated.data as Record<string, string>).BETTER_AUTH_SECRET, 'base64').toString()).toMatch(/^[A-Za-z0-9]{48}$/);
    const given = find(await render({ fullnameOverride: 'a', env: { secret: { BETTER_AUTH_SECRET: 'mine' } } }), 'Secret', 'a')!;
    expect(Buffer.from((given.data as Record<string, string>).BETTER_AUTH_SECRET, 'base64').toString()).toBe('mine');
    const external = find(await render({ fullnameOverride: 'a', existingSecret: 'my-secrets' }), 'Secret', 'a')!;
    expect(external.data).toBeUndefined();
  });
});

describe('bad values are refused with a message naming the key', () => {
  it.each([
    [{ persistence: { sise: '1Gi' } }, 'persistence: Additional property sise is not allowed'],
    [{ replicaCount: 'two' }, 'replicaCount: Invalid type. Expected: integer, given: string'],
    [{ image: { tag: 'bad tag' } }, 'image.tag: Does not match pattern'],
    [{ persistence: { size: 'ten gigs' } }, 'persistence.size: Does not match pattern'],
    [{ fullnameOverride: 'Not_A_Name' }, 'fullnameOverride: Does not match pattern'],
    [{ env: { secret: { 'BAD-NAME': 'x' } } }, 'BAD-NAME'],
    [{ postgresql: { enabled: false } }, 'externalDatabase.host is required when postgresql.enabled is false'],
  ])('%j', async (values, message) => {
    await expect(render(values)).rejects.toThrow(message);
  });
});

interface DeploymentShape {
  metadata: { annotations?: Record<string, string> };
  spec: { template: { spec: { containers: Array<{ image: string; volumeMounts: unknown[] }>; volumes: unknown[] } } };
}
