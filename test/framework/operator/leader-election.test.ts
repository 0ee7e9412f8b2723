import 'reflect-metadata';
import { inject } from 'tsyringe';
import type { KubeObject, ResourceRef } from '../../../framework/client/types.js';
import { OnCreate, Watches } from '../../../framework/decorators/index.js';
import type { HandlerContext } from '../../../framework/dispatch/handler-context.js';
import { createTestOperator } from '../../../framework/operator/test-operator.js';
import type { Operator } from '../../../framework/operator/operator-options.js';
import { NS, PREFIX, RECORDER, Recorder, startCluster, testContainer, waitFor, widget, WIDGETS, type Cluster } from './fixtures.js';

const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', kind: 'Lease', namespaced: true };
const LEASE_SECONDS = 3;

@Watches(WIDGETS)
class CreateHandler {
  constructor(@inject(RECORDER) private readonly rec: Recorder) {}

  @OnCreate()
  created(ctx: HandlerContext): void {
    this.rec.record({ handler: 'created', cause: ctx.cause, name: ctx.object.metadata.name ?? '', retry: ctx.retry });
  }
}

describe('leader election between two operator instances', () => {
  let cluster: Cluster;
  const operators: Operator[] = [];
  const recA = new Recorder();
  const recB = new Recorder();

  function start(identity: string, rec: Recorder): Operator {
    const operator = createTestOperator({
      client: cluster.client,
      handlers: [CreateHandler],
      container: testContainer(rec),
      settings: {
        annotationPrefix: PREFIX,
        leaderElection: { namespace: NS, name: 'widget-operator', identity, leaseDurationSeconds: LEASE_SECONDS, renewDeadlineSeconds: 2, retryPeriodSeconds: 0.5 },
      },
    });
    operators.push(operator);
    return operator;
  }

  beforeAll(async () => {
    cluster = await startCluster();
  });

  afterAll(async () => {
    for (const operator of operators) await operator.stop();
    await cluster?.stop();
  });

  it('runs handlers only on the leader, and a standby takes over within the lease when the leader dies', async () => {
    const a = start('replica-a', recA);
    await a.start();
    await waitFor('replica-a to lead', () => a.isLeader());
    const b = start('replica-b', recB);
    await b.start();
    expect(b.ready()).toBe(true);

    await cluster.client.create(WIDGETS, widget('led-1', { size: 1 }));
    await waitFor('led-1 handled', async () => (await cluster.client.get(WIDGETS, 'led-1', NS))?.metadata.annotations?.[`${PREFIX}/last-handled-configuration`]);
    expect(recA.count('created', 'led-1')).toBe(1);
    expect(recB.count('created')).toBe(0);
    expect(b.isLeader()).toBe(false);

    await a.stop({ releaseLease: false });
    await waitFor('replica-b to take over', () => b.isLeader(), (LEASE_SECONDS + 3) * 1000);
    const lease = await cluster.client.get<KubeObject & { spec?: { holderIdentity?: string } }>(LEASES, 'widget-operator', NS);
    expect(lease?.spec?.holderIdentity).toBe('replica-b');

    await cluster.client.create(WIDGETS, widget('led-2', { size: 1 }));
    await waitFor('led-2 handled by replica-b', () => recB.count('created', 'led-2') === 1);
    expect(recA.count('created', 'led-2')).toBe(0);
    expect(recB.count('created', 'led-1')).toBe(0);
  });
});
