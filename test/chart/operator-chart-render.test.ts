/**
 * The kryton-operator chart: strictly valid objects, the container arguments of `kryton-operator
 * run`, and RBAC that covers exactly what the operator and helm (installing the kryton chart) do —
 * cluster-wide by default, one Role per namespace when watchNamespaces lists some.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KubeObject } from '../../framework/index.js';
import { builtinResources } from '../../framework/testing/schema/builtin-catalogue.js';
import { Helm, krytonChart, operatorChart } from './helm-cli.js';
import { strictValidationProblems } from './openapi-validation.js';
import { allows, type PolicyRule } from './rbac-rules.js';

let helm: Helm;
let workDir: string;

beforeAll(async () => {
  helm = await Helm.create();
  workDir = await mkdtemp(join(tmpdir(), 'kryton-operator-chart-'));
});

afterAll(async () => {
  await helm.dispose();
  await rm(workDir, { recursive: true, force: true });
});

async function render(chart: string, values: Record<string, unknown>): Promise<KubeObject[]> {
  const file = join(workDir, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(values));
  return helm.template(chart, 'kryton-operator', 'kryton-system', file);
}

const rulesOf = (object: KubeObject | undefined): PolicyRule[] => (object?.rules as PolicyRule[] | undefined) ?? [];
const managerArgs = (objects: KubeObject[]): string[] => {
  const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { template: { spec: { containers: Array<{ args: string[] }> } } } };
  return deployment.spec.template.spec.containers[0].args;
};

describe('the kryton-operator chart', () => {
  it('renders strictly valid objects with default values and with namespaced watching', async () => {
    expect(strictValidationProblems(await render(operatorChart, {}))).toEqual([]);
    expect(strictValidationProblems(await render(operatorChart, { watchNamespaces: ['team-a', 'team-b'], leaderElection: { enabled: false } }))).toEqual([]);
  });

  it('maps its values onto the flags of kryton-operator run', async () => {
    const args = managerArgs(await render(operatorChart, {
      watchNamespaces: ['team-a', 'team-b'], logLevel: 'debug', logFormat: 'text', concurrency: 8,
      jobImages: { postgres: 'pg:17', pluginInstaller: 'curl:9', operator: 'op:1' },
      leaderElection: { namespace: 'locks' },
    }));
    expect(args).toEqual([
      'run',
      '--namespaces=team-a,team-b',
      '--metrics-address=:8080',
      '--health-address=:8081',
      '--lease-namespace=locks',
      '--lease-name=kryton-operator',
      '--log-level=debug',
      '--log-format=text',
      '--concurrency=8',
      '--postgres-image=pg:17',
      '--plugin-installer-image=curl:9',
      '--operator-image=$(KRYTON_OPERATOR_IMAGE)',
    ]);
    const single = managerArgs(await render(operatorChart, { leaderElection: { enabled: false } }));
    expect(single).toContain('--no-leader-elect');
    expect(single.some((a) => a.startsWith('--lease'))).toBe(false);
  });

  it('is cluster-wide by default and namespaced when watchNamespaces lists namespaces', async () => {
    const clusterWide = await render(operatorChart, {});
    expect(clusterWide.filter((o) => o.kind === 'ClusterRole').map((o) => o.metadata.name)).toEqual(['kryton-operator-manager']);
    const namespaced = await render(operatorChart, { watchNamespaces: ['team-a', 'team-b'] });
    expect(namespaced.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toBe(false);
    const managerRoles = namespaced.filter((o) => o.kind === 'Role' && o.metadata.name === 'kryton-operator-manager');
    expect(managerRoles.map((o) => o.metadata.namespace)).toEqual(['team-a', 'team-b']);
    expect(namespaced.filter((o) => o.kind === 'RoleBinding' && o.metadata.name === 'kryton-operator-manager').map((o) => o.metadata.namespace)).toEqual(['team-a', 'team-b']);
  });

  it('lets helm install, upgrade and uninstall every kind the kryton chart renders', async () => {
    const rules = rulesOf((await render(operatorChart, {})).find((o) => o.kind === 'ClusterRole'));
    const everything = await render(krytonChart, {
      serviceAccount: { create: true }, ingress: { enabled: true }, autoscaling: { enabled: true }, metrics: { serviceMonitor: { enabled: true } },
    });
    const kinds = new Set(everything.map((o) => `${o.apiVersion}/${o.kind}`));
    const missing: string[] = [];
    for (const apiVersionKind of kinds) {
      const [group, resource] = resourceOf(apiVersionKind);
      for (const verb of ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']) {
        if (!allows(rules, group, resource, verb)) missing.push(`${verb} ${resource}.${group}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('grants what the handlers do, including every verb the snapshot Role passes on', async () => {
    const rules = rulesOf((await render(operatorChart, {})).find((o) => o.kind === 'ClusterRole'));
    const needed: Array<[string, string, string[]]> = [
      ['kryton.azrtydxb.io', 'krytons', ['get', 'list', 'watch', 'update', 'patch']],
      ['kryton.azrtydxb.io', 'krytons/status', ['get', 'update', 'patch']],
      ['kryton.azrtydxb.io', 'krytons/finalizers', ['update']],
      ['', 'secrets', ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']],
      ['batch', 'cronjobs', ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']],
      ['rbac.authorization.k8s.io', 'roles', ['get', 'create', 'update', 'patch', 'delete']],
      ['rbac.authorization.k8s.io', 'rolebindings', ['get', 'create', 'update', 'patch', 'delete']],
      ['', 'serviceaccounts', ['get', 'create', 'update', 'patch', 'delete']],
      ['snapshot.storage.k8s.io', 'volumesnapshots', ['get', 'list', 'watch', 'create', 'delete']],
      ['', 'events', ['create', 'patch']],
      ['events.k8s.io', 'events', ['create', 'patch']],
    ];
    const missing = needed.flatMap(([group, resource, verbs]) => verbs.filter((v) => !allows(rules, group, resource, v)).map((v) => `${v} ${resource}.${group}`));
    expect(missing).toEqual([]);
    expect(rules.some((rule) => rule.verbs.includes('*') || (rule.resources ?? []).includes('*') || (rule.apiGroups ?? []).includes('*'))).toBe(false);
    expect(allows(rules, '', 'nodes', 'get')).toBe(false);
    expect(allows(rules, '', 'namespaces', 'create')).toBe(false);
    expect(allows(rules, 'rbac.authorization.k8s.io', 'clusterroles', 'create')).toBe(false);
  });

  it('holds the leader-election Lease in its own namespace only', async () => {
    const objects = await render(operatorChart, {});
    const role = objects.find((o) => o.kind === 'Role' && o.metadata.name === 'kryton-operator-leader-election')!;
    expect(role.metadata.namespace).toBe('kryton-system');
    expect(allows(rulesOf(role), 'coordination.k8s.io', 'leases', 'update')).toBe(true);
    expect(allows(rulesOf(objects.find((o) => o.kind === 'ClusterRole')), 'coordination.k8s.io', 'leases', 'update')).toBe(false);
  });
});

function resourceOf(apiVersionKind: string): [string, string] {
  const parts = apiVersionKind.split('/');
  const kind = parts.pop()!;
  const version = parts.pop()!;
  const group = parts.join('/');
  if (group === 'monitoring.coreos.com' && kind === 'ServiceMonitor') return [group, 'servicemonitors'];
  const resource = builtinResources().find((r) => r.group === group && r.version === version && r.kind === kind);
  if (!resource) throw new Error(`no resource for ${apiVersionKind}`);
  return [group, resource.plural];
}
