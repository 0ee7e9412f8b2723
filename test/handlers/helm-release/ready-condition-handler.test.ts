/**
 * Ready as the summary of every concern: with the release handler first, a concern handler that
 * runs after it, and ReadyConditionHandler last, Ready follows what the concern just wrote in the
 * same cycle.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { container } from 'tsyringe';
import { parse } from 'yaml';
import { createTestOperator, OnCreate, OnUpdate, Watches, type HandlerContext, type KubeObject, type Operator } from '../../../framework/index.js';
import { HELM_CLI, HELM_RELEASE_SETTINGS, HelmReleaseHandler } from '../../../handlers/helm-release/helm-release-handler.js';
import { ReadyConditionHandler } from '../../../handlers/helm-release/ready-condition-handler.js';
import { KRYTONS, type Kryton } from '../../../handlers/kryton/types.js';
import { eventually, startCluster, writeTestChart, type Cluster } from './support.js';

/** A concern that is healthy only when the Kryton has the label widget=ok. */
@Watches(KRYTONS)
class WidgetHandler {
  @OnCreate()
  @OnUpdate()
  async widget(ctx: HandlerContext<Kryton>): Promise<void> {
    const ok = ctx.object.metadata.labels?.widget === 'ok';
    await ctx.setCondition({ type: 'WidgetReady', status: ok ? 'True' : 'False', reason: ok ? 'Fine' : 'Broken', message: ok ? 'the widget works' : 'the widget is broken' });
  }
}

let cluster: Cluster;
let operator: Operator;
const NS = 'ready';

beforeAll(async () => {
  cluster = await startCluster();
  cluster.server.create('customresourcedefinitions.apiextensions.k8s.io', parse(readFileSync('deploy/crd/bases/kryton.azrtydxb.io_krytons.yaml', 'utf8')) as KubeObject);
  cluster.server.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  const parent = container.createChildContainer();
  parent.registerInstance(HELM_CLI, cluster.newHelm());
  parent.registerInstance(HELM_RELEASE_SETTINGS, { chartPath: writeTestChart(cluster.workDir) });
  operator = createTestOperator({ client: cluster.client, handlers: [HelmReleaseHandler, WidgetHandler, ReadyConditionHandler], container: parent });
  await operator.start();
});
afterAll(async () => {
  await operator?.stop();
  await cluster.stop();
});

const conditions = async () => (await cluster.client.get<Kryton>(KRYTONS, 'notes', NS))?.status?.conditions ?? [];
const ready = async () => (await conditions()).find((c) => c.type === 'Ready');

test('Ready is False while another concern is False, and True once it recovers', async () => {
  await cluster.client.create<Kryton>(KRYTONS, { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name: 'notes', namespace: NS }, spec: { version: '1.0.0' } });
  const notReady = await eventually(async () => {
    const all = await conditions();
    const released = all.some((c) => c.type === 'Released' && c.status === 'True');
    return released && all.some((c) => c.type === 'Ready' && c.status === 'False') ? ready() : undefined;
  }, 'Released=True with Ready=False');
  expect(notReady).toMatchObject({ status: 'False', reason: 'WidgetReadyFalse', message: 'WidgetReady: the widget is broken' });

  await cluster.client.patch(KRYTONS, 'notes', NS, { metadata: { labels: { widget: 'ok' } } }, 'merge');
  const nowReady = await eventually(async () => ((await ready())?.status === 'True' ? ready() : undefined), 'Ready=True');
  expect(nowReady).toMatchObject({ reason: 'AllConcernsReady', observedGeneration: 1 });
});
