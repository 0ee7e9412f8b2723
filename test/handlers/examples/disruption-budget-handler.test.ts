/**
 * The worked example handler of docs/framework.md: its pure renderer (checked against the chart's
 * own rendering by the real helm), then the handler alone run by the framework against the local
 * API server.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createKubeClient, createTestOperator, type ClosableKubeClient, type KubeObject, type Operator, type ResourceRef } from '../../../framework/index.js';
import { LocalApiServer } from '../../../framework/testing/index.js';
import {
  DisruptionBudgetHandler,
  PDBS,
  desiredReplicas,
  renderDisruptionBudget,
  serverSelectorLabels,
} from '../../../handlers/examples/disruption-budget-handler.js';
import { buildReleaseValues } from '../../../handlers/helm-release/release-values.js';
import { KRYTONS, type Kryton } from '../../../handlers/kryton/types.js';
import { Helm, krytonChart } from '../../chart/helm-cli.js';
import { conditionOf, krytonObject, NAMESPACE, waitFor } from '../plugins/kryton-cluster.js';

const CRDS: ResourceRef = { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false };
const NAMESPACES: ResourceRef = { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false };

/** A Kryton as read back from the API server: with a uid, so it can own objects. */
const stored = (name: string, values?: Record<string, unknown>): Kryton => {
  const kryton = krytonObject(name, values ? { values } : {});
  return { ...kryton, metadata: { ...kryton.metadata, uid: `uid-${name}` } };
};

describe('the disruption budget renderer', () => {
  it('reads replicaCount, defaulting to the chart\'s 1, and refuses what the chart would refuse', () => {
    expect(desiredReplicas(stored('a'))).toBe(1);
    expect(desiredReplicas(stored('a', { replicaCount: 3 }))).toBe(3);
    expect(desiredReplicas(stored('a', { replicaCount: null }))).toBe(1);
    expect(() => desiredReplicas(stored('a', { replicaCount: '2' }))).toThrow('spec.values.replicaCount must be a whole number of at least 0, not "2"');
    expect(() => desiredReplicas(stored('a', { replicaCount: 1.5 }))).toThrow('not 1.5');
  });

  it('renders no budget for one server pod or none', () => {
    expect(renderDisruptionBudget(stored('a'), 0)).toBeUndefined();
    expect(renderDisruptionBudget(stored('a'), 1)).toBeUndefined();
  });

  it('renders a budget owned by the Kryton, selecting its server pods, for two or more', () => {
    expect(renderDisruptionBudget(stored('notes', { replicaCount: 2 }), 2)).toEqual({
      resource: PDBS,
      object: {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: {
          name: 'notes',
          namespace: NAMESPACE,
          labels: { 'app.kubernetes.io/name': 'kryton', 'app.kubernetes.io/instance': 'notes', 'app.kubernetes.io/component': 'disruption-budget', 'app.kubernetes.io/managed-by': 'kryton-operator' },
          ownerReferences: [{ apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', name: 'notes', uid: 'uid-notes', controller: true, blockOwnerDeletion: true }],
        },
        spec: {
          minAvailable: 1,
          selector: { matchLabels: { 'app.kubernetes.io/name': 'kryton', 'app.kubernetes.io/instance': 'notes', 'app.kubernetes.io/component': 'server' } },
        },
      },
    });
  });

  describe('selects exactly the pods the chart labels (real helm template)', () => {
    let helm: Helm;
    let workDir: string;
    beforeAll(async () => {
      helm = await Helm.create();
      workDir = await mkdtemp(join(tmpdir(), 'kryton-pdb-values-'));
    });
    afterAll(async () => {
      await helm.dispose();
      await rm(workDir, { recursive: true, force: true });
    });

    it.each([
      ['the default chart name', { replicaCount: 2 }],
      ['a nameOverride', { replicaCount: 2, nameOverride: 'wiki' }],
      ['a nameOverride ending in a hyphen, which Helm trims', { replicaCount: 2, nameOverride: 'wiki-' }],
    ])('with %s', async (_what, values) => {
      const kryton = stored('notes', values);
      const valuesFile = join(workDir, `${Math.random().toString(36).slice(2)}.json`);
      await writeFile(valuesFile, JSON.stringify(buildReleaseValues(kryton)));
      const objects = await helm.template(krytonChart, 'notes', NAMESPACE, valuesFile);
      const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'notes') as
        | (KubeObject & { spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } } })
        | undefined;
      expect(deployment).toBeDefined();
      const selector = serverSelectorLabels(kryton);
      expect(deployment!.spec.selector.matchLabels).toEqual(selector);
      expect(deployment!.spec.template.metadata.labels).toEqual(expect.objectContaining(selector));
    });
  });
});

describe('DisruptionBudgetHandler against the local API server', () => {
  let server: LocalApiServer;
  let client: ClosableKubeClient;
  let operator: Operator;

  beforeAll(async () => {
    server = await LocalApiServer.start({ tls: false, bookmarkIntervalMs: 1000 });
    client = createKubeClient({ kubeconfigYaml: server.kubeconfig() });
    await client.create(CRDS, parse(await readFile('deploy/crd/bases/kryton.azrtydxb.io_krytons.yaml', 'utf8')) as KubeObject);
    await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
    operator = createTestOperator({ client, handlers: [DisruptionBudgetHandler] });
    await operator.start();
  });

  afterAll(async () => {
    await operator?.stop();
    await client?.close();
    await server?.stop();
  });

  const budget = (name: string) => client.get(PDBS, name, NAMESPACE);
  const reason = async (name: string) => (await conditionOf(client, name, 'DisruptionBudgetReady'))?.reason;

  it('keeps a budget while replicaCount > 1, repairs it, and removes it at replicaCount 1', async () => {
    const kryton = await client.create<Kryton>(KRYTONS, krytonObject('alpha', { values: { replicaCount: 2 } }));

    const created = await waitFor('PodDisruptionBudget created', () => budget('alpha'));
    expect(created.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Kryton', name: 'alpha', uid: kryton.metadata.uid, controller: true })]);
    expect(created.spec).toEqual(expect.objectContaining({ minAvailable: 1, selector: { matchLabels: serverSelectorLabels(kryton) } }));
    await waitFor('DisruptionBudgetReady Applied', async () => (await reason('alpha')) === 'Applied');

    await client.delete(PDBS, 'alpha', NAMESPACE);
    const repaired = await waitFor('PodDisruptionBudget recreated', async () => {
      const live = await budget('alpha');
      return live && live.metadata.uid !== created.metadata.uid ? live : undefined;
    });
    expect(repaired.spec).toEqual(created.spec);

    await client.patch(PDBS, 'alpha', NAMESPACE, { spec: { minAvailable: 0 } }, 'merge');
    await waitFor('minAvailable repaired', async () => ((await budget('alpha'))?.spec as { minAvailable?: number } | undefined)?.minAvailable === 1);

    await client.patch(KRYTONS, 'alpha', NAMESPACE, { spec: { values: { replicaCount: 1 } } }, 'merge');
    await waitFor('PodDisruptionBudget removed', async () => (await budget('alpha')) === undefined);
    await waitFor('DisruptionBudgetReady NotNeeded', async () => (await reason('alpha')) === 'NotNeeded');
  });

  it('creates nothing for one replica, and reports a replicaCount the chart would refuse', async () => {
    await client.create(KRYTONS, krytonObject('beta', {}));
    await waitFor('DisruptionBudgetReady NotNeeded', async () => (await reason('beta')) === 'NotNeeded');
    expect(await budget('beta')).toBeUndefined();

    await client.patch(KRYTONS, 'beta', NAMESPACE, { spec: { values: { replicaCount: 'two' } } }, 'merge');
    await waitFor('DisruptionBudgetReady InvalidReplicaCount', async () => (await reason('beta')) === 'InvalidReplicaCount');
    expect(await budget('beta')).toBeUndefined();
  });

  it('leaves the budget to garbage collection when the Kryton is deleted', async () => {
    await client.create(KRYTONS, krytonObject('gamma', { values: { replicaCount: 3 } }));
    await waitFor('PodDisruptionBudget created', () => budget('gamma'));

    await client.delete(KRYTONS, 'gamma', NAMESPACE);
    await waitFor('PodDisruptionBudget garbage-collected', async () => (await budget('gamma')) === undefined);
  });
});
