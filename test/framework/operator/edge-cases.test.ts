import 'reflect-metadata';
import { inject } from 'tsyringe';
import { OnCreate, OnDelete, Watches } from '../../../framework/decorators/index.js';
import type { HandlerContext } from '../../../framework/dispatch/handler-context.js';
import { PermanentError } from '../../../framework/errors.js';
import { createTestOperator } from '../../../framework/operator/test-operator.js';
import type { Operator } from '../../../framework/operator/operator-options.js';
import { eventsFor, NS, PREFIX, RECORDER, Recorder, startCluster, testContainer, waitFor, widget, WIDGETS, type Cluster } from './fixtures.js';

@Watches(WIDGETS)
class EdgeHandlers {
  constructor(@inject(RECORDER) private readonly rec: Recorder) {}

  /** The first attempt hangs past its timeout; later attempts succeed. */
  @OnCreate({ timeoutSeconds: 0.3, backoffSeconds: 0.1, labels: { mode: 'slow' } })
  async slow(ctx: HandlerContext): Promise<void> {
    this.rec.record({ handler: 'slow', cause: ctx.cause, name: ctx.object.metadata.name ?? '', retry: ctx.retry });
    if (ctx.retry > 0) return;
    await new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted by timeout')), { once: true }));
  }

  /** Applies only to guarded objects, and always fails. */
  @OnDelete({ labels: { guarded: 'yes' }, backoffSeconds: 0.1 })
  guardedDelete(ctx: HandlerContext): void {
    this.rec.record({ handler: 'guardedDelete', cause: ctx.cause, name: ctx.object.metadata.name ?? '', retry: ctx.retry });
    throw new PermanentError('the guard refuses');
  }
}

describe('operator edge cases', () => {
  let cluster: Cluster;
  let operator: Operator;
  const rec = new Recorder();

  beforeAll(async () => {
    cluster = await startCluster();
    operator = createTestOperator({ client: cluster.client, handlers: [EdgeHandlers], container: testContainer(rec), settings: { annotationPrefix: PREFIX } });
    await operator.start();
  });

  afterAll(async () => {
    await operator?.stop();
    await cluster?.stop();
  });

  it('aborts an attempt that outlives timeoutSeconds and retries it', async () => {
    await cluster.client.create(WIDGETS, widget('slow', { size: 1 }, { mode: 'slow' }));
    await waitFor('slow handled', async () => (await cluster.client.get(WIDGETS, 'slow', NS))?.metadata.annotations?.[`${PREFIX}/last-handled-configuration`]);
    expect(rec.calls.filter((c) => c.handler === 'slow').map((c) => c.retry)).toEqual([0, 1]);
    const events = await eventsFor(cluster.client, 'slow');
    expect(events.some((e) => e.type === 'Warning' && e.reason === 'Timeout')).toBe(true);
  });

  it('keeps a failing delete blocked with Warnings, and releases the finalizer once no delete handler applies', async () => {
    await cluster.client.create(WIDGETS, widget('guarded', { size: 1 }, { guarded: 'yes' }));
    await waitFor('finalizer added', async () => (await cluster.client.get(WIDGETS, 'guarded', NS))?.metadata.finalizers?.includes(`${PREFIX}/finalizer`));
    await cluster.client.delete(WIDGETS, 'guarded', NS);
    await waitFor('delete retried', () => rec.count('guardedDelete', 'guarded') >= 2);
    expect(await cluster.client.get(WIDGETS, 'guarded', NS)).toBeDefined();
    const warnings = (await eventsFor(cluster.client, 'guarded')).filter((e) => e.type === 'Warning' && e.reason === 'PermanentError');
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    await cluster.client.patch(WIDGETS, 'guarded', NS, { metadata: { labels: { guarded: null } } }, 'merge');
    await waitFor('guarded gone', async () => (await cluster.client.get(WIDGETS, 'guarded', NS)) === undefined);
  });
});
