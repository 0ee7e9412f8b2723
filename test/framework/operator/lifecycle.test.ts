import 'reflect-metadata';
import { inject } from 'tsyringe';
import type { KubeObject } from '../../../framework/client/types.js';
import { OnCreate, OnDelete, OnFieldChange, OnTimer, OnUpdate, Watches } from '../../../framework/decorators/index.js';
import type { HandlerContext } from '../../../framework/dispatch/handler-context.js';
import { PermanentError, TemporaryError } from '../../../framework/errors.js';
import { createTestOperator } from '../../../framework/operator/test-operator.js';
import type { Operator } from '../../../framework/operator/operator-options.js';
import type { Condition } from '../../../framework/status/conditions.js';
import { eventsFor, NS, PREFIX, RECORDER, Recorder, startCluster, testContainer, waitFor, widget, WIDGETS, type Cluster } from './fixtures.js';

@Watches(WIDGETS)
class LifecycleHandlers {
  constructor(@inject(RECORDER) private readonly rec: Recorder) {}

  private note(name: string, ctx: HandlerContext): void {
    this.rec.record({ handler: name, cause: ctx.cause, name: ctx.object.metadata.name ?? '', old: ctx.old, new: ctx.new, retry: ctx.retry });
  }

  @OnCreate({ condition: 'Created' })
  async created(ctx: HandlerContext): Promise<void> {
    this.note('created', ctx);
    await ctx.patchStatus({ phase: 'Created' });
  }

  @OnUpdate()
  updated(ctx: HandlerContext): void {
    this.note('updated', ctx);
  }

  @OnFieldChange('spec.color')
  colorChanged(ctx: HandlerContext): void {
    this.note('colorChanged', ctx);
  }

  @OnCreate({ labels: { mode: 'flaky' }, condition: 'Flaky' })
  flaky(ctx: HandlerContext): void {
    this.note('flaky', ctx);
  }

  @OnCreate({ labels: { mode: 'broken' }, condition: 'Broken' }) @OnUpdate()
  broken(ctx: HandlerContext): void {
    this.note('broken', ctx);
    throw new PermanentError(`spec.size ${String((ctx.object.spec as { size?: unknown }).size)} is not allowed`);
  }

  @OnTimer({ intervalSeconds: 0.2, labels: { timer: 'on' } })
  tick(ctx: HandlerContext): void {
    this.note('tick', ctx);
  }

  @OnDelete({ backoffSeconds: 0.1, condition: 'Deleted' })
  deleted(ctx: HandlerContext): void {
    this.note('deleted', ctx);
  }
}

describe('operator lifecycle against the local API server', () => {
  let cluster: Cluster;
  let operator: Operator;
  const rec = new Recorder();
  const get = (name: string) => cluster.client.get(WIDGETS, name, NS);
  const condition = (object: KubeObject | undefined, type: string) =>
    ((object?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === type);

  beforeAll(async () => {
    cluster = await startCluster();
    operator = createTestOperator({ client: cluster.client, handlers: [LifecycleHandlers], container: testContainer(rec), settings: { annotationPrefix: PREFIX } });
    await operator.start();
    expect(operator.ready()).toBe(true);
  });

  afterAll(async () => {
    await operator?.stop();
    await cluster?.stop();
  });

  it('runs create handlers once, adds the finalizer, sets status and condition, stores the diff base', async () => {
    await cluster.client.create(WIDGETS, widget('w1', { size: 1, color: 'red' }));
    const done = await waitFor('diff base on w1', async () => {
      const w = await get('w1');
      return w?.metadata.annotations?.[`${PREFIX}/last-handled-configuration`] ? w : undefined;
    });
    expect(rec.count('created', 'w1', 'create')).toBe(1);
    expect(done.metadata.finalizers).toEqual([`${PREFIX}/finalizer`]);
    expect(JSON.parse(done.metadata.annotations![`${PREFIX}/last-handled-configuration`]!)).toEqual({ spec: { size: 1, color: 'red' } });
    expect(Object.keys(done.metadata.annotations!).filter((k) => k.includes('/progress.'))).toEqual([]);
    const status = await waitFor('Created condition', async () => condition(await get('w1'), 'Created'));
    expect(status).toMatchObject({ status: 'True', reason: 'Succeeded', observedGeneration: 1 });
    expect(((await get('w1'))!.status as { phase?: string }).phase).toBe('Created');
    expect(rec.count('updated', 'w1')).toBe(0);
  });

  it('runs update handlers on a spec change, and field handlers only when their field changes', async () => {
    await cluster.client.patch(WIDGETS, 'w1', NS, { spec: { size: 2 } }, 'merge');
    await waitFor('update of size', () => rec.count('updated', 'w1') === 1);
    await cluster.client.patch(WIDGETS, 'w1', NS, { spec: { color: 'blue' } }, 'merge');
    await waitFor('color change', () => rec.count('colorChanged', 'w1') === 1);
    const call = rec.calls.find((c) => c.handler === 'colorChanged');
    expect(call).toMatchObject({ cause: 'field', old: 'red', new: 'blue' });
    await waitFor('second update', () => rec.count('updated', 'w1') === 2);
    expect(rec.count('created', 'w1')).toBe(1);
  });

  it('retries a handler that fails temporarily until it succeeds, with Warning events and a final True condition', async () => {
    rec.failures.set('flaky', { times: 2, error: () => new TemporaryError('not yet', { delaySeconds: 0.1 }) });
    await cluster.client.create(WIDGETS, widget('w2', { size: 1 }, { mode: 'flaky' }));
    await waitFor('flaky to succeed', async () => condition(await get('w2'), 'Flaky')?.status === 'True');
    expect(rec.calls.filter((c) => c.handler === 'flaky').map((c) => c.retry)).toEqual([0, 1, 2]);
    const events = await waitFor('events for w2', async () => {
      const list = await eventsFor(cluster.client, 'w2');
      return list.some((e) => e.reason === 'HandlerSucceeded') ? list : undefined;
    });
    expect(events.filter((e) => e.type === 'Warning' && e.reason === 'TemporaryError')).toHaveLength(2);
    expect(rec.count('created', 'w2')).toBe(1);
  });

  it('does not retry a permanent failure until the object changes', async () => {
    await cluster.client.create(WIDGETS, widget('w3', { size: 1 }, { mode: 'broken' }));
    const failed = await waitFor('Broken condition False', async () => {
      const w = await get('w3');
      const c = condition(w, 'Broken');
      return c?.status === 'False' && w?.metadata.annotations?.[`${PREFIX}/last-handled-configuration`] ? { w, c } : undefined;
    });
    expect(failed.c).toMatchObject({ reason: 'PermanentError' });
    expect(failed.c.message).toContain('spec.size 1 is not allowed');
    // The change counts as handled: nothing is left pending that could retry it.
    expect(Object.keys(failed.w.metadata.annotations!).filter((k) => k.includes('/progress.'))).toEqual([]);
    expect(rec.count('broken', 'w3')).toBe(1);
    const warnings = await eventsFor(cluster.client, 'w3');
    expect(warnings.some((e) => e.type === 'Warning' && e.reason === 'PermanentError')).toBe(true);
    await cluster.client.patch(WIDGETS, 'w3', NS, { spec: { size: 5 } }, 'merge');
    await waitFor('broken to run for the change', () => rec.count('broken', 'w3') === 2);
    await waitFor('message for the new spec', async () => condition(await get('w3'), 'Broken')?.message.includes('spec.size 5'));
  });

  it('runs timers periodically for matching objects only', async () => {
    await cluster.client.create(WIDGETS, widget('w4', { size: 1 }, { timer: 'on' }));
    await waitFor('three ticks', () => rec.count('tick', 'w4', 'timer') >= 3);
    expect(rec.count('tick', 'w1')).toBe(0);
  });

  it('runs delete handlers, retrying a permanent failure with a Warning, then releases the finalizer', async () => {
    rec.failures.set('deleted', { times: 2, error: () => new PermanentError('cannot remove the release yet') });
    await cluster.client.delete(WIDGETS, 'w1', NS);
    await waitFor('w1 gone', async () => (await get('w1')) === undefined);
    expect(rec.calls.filter((c) => c.handler === 'deleted' && c.name === 'w1').map((c) => c.retry)).toEqual([0, 1, 2]);
    const events = await eventsFor(cluster.client, 'w1');
    expect(events.filter((e) => e.type === 'Warning' && e.reason === 'PermanentError').length).toBe(2);
  });
});
