import 'reflect-metadata';
import { inject } from 'tsyringe';
import type { KubeClient, KubeObject } from '../../../framework/client/types.js';
import { OnCreate, OnOwnedChange, OnResume, OnUpdate, Watches } from '../../../framework/decorators/index.js';
import type { HandlerContext } from '../../../framework/dispatch/handler-context.js';
import { createTestOperator } from '../../../framework/operator/test-operator.js';
import { KUBE_CLIENT, type Operator } from '../../../framework/operator/operator-options.js';
import { CONFIGMAPS, NS, PREFIX, RECORDER, Recorder, startCluster, testContainer, waitFor, widget, WIDGETS, type Cluster } from './fixtures.js';

const desiredData = (object: KubeObject) => ({ size: String((object.spec as { size?: unknown }).size) });

@Watches(WIDGETS)
class ConfigMapHandlers {
  constructor(@inject(RECORDER) private readonly rec: Recorder, @inject(KUBE_CLIENT) private readonly client: KubeClient) {}

  /** Level-triggered: compares the ConfigMap with what it should be and writes only on a difference. */
  @OnCreate() @OnUpdate() @OnResume() @OnOwnedChange(CONFIGMAPS)
  async ensureConfigMap(ctx: HandlerContext): Promise<void> {
    const { name, uid } = ctx.object.metadata;
    this.rec.record({ handler: 'ensure', cause: ctx.cause, name: name ?? '', retry: ctx.retry });
    const cmName = `${name}-config`;
    const current = await this.client.get(CONFIGMAPS, cmName, NS);
    const data = desiredData(ctx.object);
    if (current && JSON.stringify(current.data) === JSON.stringify(data)) return;
    const body: KubeObject = {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: cmName, namespace: NS, ownerReferences: [{ apiVersion: 'test.example.com/v1', kind: 'Widget', name: name ?? '', uid: uid ?? '', controller: true }] },
      data,
    };
    if (current) await this.client.patch(CONFIGMAPS, cmName, NS, { data }, 'merge');
    else await this.client.create(CONFIGMAPS, body);
  }
}

describe('owned children and watch faults', () => {
  let cluster: Cluster;
  let operator: Operator;
  const rec = new Recorder();
  const configMap = (name: string) => cluster.client.get(CONFIGMAPS, `${name}-config`, NS);
  const handled = async (name: string, size: number) => {
    const w = await cluster.client.get(WIDGETS, name, NS);
    const base = w?.metadata.annotations?.[`${PREFIX}/last-handled-configuration`];
    return base !== undefined && JSON.parse(base).spec.size === size;
  };

  beforeAll(async () => {
    cluster = await startCluster();
    operator = createTestOperator({ client: cluster.client, handlers: [ConfigMapHandlers], container: testContainer(rec), settings: { annotationPrefix: PREFIX } });
    await operator.start();
  });

  afterAll(async () => {
    await operator?.stop();
    await cluster?.stop();
  });

  it('repairs a deleted or edited owned child', async () => {
    await cluster.client.create(WIDGETS, widget('owner', { size: 3 }));
    await waitFor('config map created', () => configMap('owner'));
    await cluster.client.delete(CONFIGMAPS, 'owner-config', NS);
    await waitFor('config map recreated', async () => (await configMap('owner'))?.data);
    expect(rec.count('ensure', 'owner', 'owned')).toBeGreaterThanOrEqual(1);
    await cluster.client.patch(CONFIGMAPS, 'owner-config', NS, { data: { size: 'tampered' } }, 'merge');
    await waitFor('config map repaired', async () => ((await configMap('owner'))?.data as { size?: string } | undefined)?.size === '3');
  });

  it('loses and duplicates nothing while watches drop every second and one watch gets 410 Gone', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `fault-${i}`);
    const mark = cluster.server.requestLog.mark();
    let dropped = 0;
    const dropper = setInterval(() => (dropped += cluster.server.faults.dropWatches()), 1000);
    try {
      for (const [i, name] of names.entries()) {
        await cluster.client.create(WIDGETS, widget(name, { size: 1 }));
        if (i === 4) cluster.server.faults.expireNextWatch('widgets.test.example.com');
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      for (const name of names) await waitFor(`${name} created`, () => handled(name, 1));
      cluster.server.faults.expireNextWatch('widgets.test.example.com');
      for (const name of names) {
        await cluster.client.patch(WIDGETS, name, NS, { spec: { size: 2 } }, 'merge');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      for (const name of names) await waitFor(`${name} updated`, () => handled(name, 2));
    } finally {
      clearInterval(dropper);
    }
    // The faults really happened: streams were cut, widgets were relisted after 410 Gone.
    expect(dropped).toBeGreaterThanOrEqual(2);
    const widgetRequests = cluster.server.requestLog.since(mark).filter((e) => e.resource === 'widgets');
    expect(widgetRequests.filter((e) => e.verb === 'watch' && e.code === 410).length).toBeGreaterThanOrEqual(1);
    expect(widgetRequests.filter((e) => e.verb === 'list').length).toBeGreaterThanOrEqual(1);
    for (const name of names) {
      expect([name, rec.count('ensure', name, 'create')]).toEqual([name, 1]);
      expect([name, rec.count('ensure', name, 'update')]).toEqual([name, 1]);
    }
  });
});
