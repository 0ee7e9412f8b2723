import 'reflect-metadata';
import { inject } from 'tsyringe';
import { OnCreate, OnResume, OnUpdate, Watches } from '../../../framework/decorators/index.js';
import type { HandlerContext } from '../../../framework/dispatch/handler-context.js';
import { createTestOperator } from '../../../framework/operator/test-operator.js';
import type { Operator } from '../../../framework/operator/operator-options.js';
import { NS, PREFIX, RECORDER, Recorder, startCluster, testContainer, waitFor, widget, WIDGETS, type Cluster } from './fixtures.js';

/** While `blocked`, the second handler hangs until its signal aborts (operator shutdown). */
const gate = { blocked: true };

@Watches(WIDGETS)
class ChainHandlers {
  constructor(@inject(RECORDER) private readonly rec: Recorder) {}

  private note(name: string, ctx: HandlerContext): void {
    this.rec.record({ handler: name, cause: ctx.cause, name: ctx.object.metadata.name ?? '', old: ctx.old, new: ctx.new, retry: ctx.retry });
  }

  @OnCreate() @OnResume()
  first(ctx: HandlerContext): void {
    this.note('first', ctx);
  }

  @OnCreate()
  async second(ctx: HandlerContext): Promise<void> {
    this.note('second', ctx);
    if (!gate.blocked) return;
    await new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('stopped while blocked')), { once: true }));
  }

  @OnUpdate()
  updated(ctx: HandlerContext): void {
    this.note('updated', ctx);
  }
}

describe('operator restarts', () => {
  let cluster: Cluster;
  const rec = new Recorder();
  const running: Operator[] = [];
  const get = (name: string) => cluster.client.get(WIDGETS, name, NS);
  const diffBaseOf = async (name: string) => (await get(name))?.metadata.annotations?.[`${PREFIX}/last-handled-configuration`];

  async function startOperator(): Promise<Operator> {
    const operator = createTestOperator({ client: cluster.client, handlers: [ChainHandlers], container: testContainer(rec), settings: { annotationPrefix: PREFIX, drainTimeoutSeconds: 0.2 } });
    running.push(operator);
    await operator.start();
    return operator;
  }

  beforeAll(async () => {
    cluster = await startCluster();
  });

  afterAll(async () => {
    for (const operator of running) await operator.stop();
    await cluster?.stop();
  });

  it('resumes a handler chain after a restart without re-running finished handlers', async () => {
    const first = await startOperator();
    await cluster.client.create(WIDGETS, widget('chain', { size: 1 }));
    await waitFor('second handler to start', () => rec.count('second', 'chain') === 1);
    const progress = await waitFor('progress of the first handler', async () => (await get('chain'))?.metadata.annotations?.[`${PREFIX}/progress.ChainHandlers.first`]);
    expect(JSON.parse(progress)).toMatchObject({ success: true, retries: 0 });
    await first.stop();
    expect(await diffBaseOf('chain')).toBeUndefined();

    gate.blocked = false;
    await startOperator();
    await waitFor('diff base after the chain finished', () => diffBaseOf('chain'));
    expect(rec.count('first', 'chain')).toBe(1);
    expect(rec.count('second', 'chain')).toBe(2);
    expect(rec.calls.filter((c) => c.handler === 'second').map((c) => c.cause)).toEqual(['create', 'create']);
  });

  it('handles a change made while the operator was down as an update, and resumes unchanged objects', async () => {
    await cluster.client.create(WIDGETS, widget('idle', { size: 7 }));
    await waitFor('idle handled', () => diffBaseOf('idle'));
    await running.at(-1)!.stop();
    const firstCallsBefore = rec.count('first', 'idle');

    await cluster.client.patch(WIDGETS, 'chain', NS, { spec: { size: 2 } }, 'merge');
    await startOperator();
    await waitFor('update of the change made while down', () => rec.count('updated', 'chain') === 1);
    const update = rec.calls.find((c) => c.handler === 'updated' && c.name === 'chain');
    expect(update).toMatchObject({ cause: 'update', old: { spec: { size: 1 } }, new: { spec: { size: 2 } } });
    await waitFor('resume of the unchanged object', () => rec.count('first', 'idle', 'resume') === 1);
    expect(rec.count('first', 'idle')).toBe(firstCallsBefore + 1);
    expect(rec.count('second', 'idle')).toBe(1);
    await waitFor('new diff base', async () => JSON.parse((await diffBaseOf('chain')) ?? '{}').spec?.size === 2);
  });
});
