import { describe, expect, it } from '@jest/globals';
import { OperatorMetrics } from '../../../framework/observability/metrics.js';
import { WorkQueue } from '../../../framework/queue/work-queue.js';

describe('OperatorMetrics', () => {
  it('exposes controller-runtime series fed by reconciles, handlers, leader status and a work queue', async () => {
    const metrics = new OperatorMetrics({ defaultMetrics: false });
    metrics.recordReconcile('widgets', 'error', 0.1);
    metrics.recordReconcile('widgets', 'success', 0.2);
    metrics.recordHandler('create_widget', 'success', 0.05);
    metrics.setMaxConcurrentReconciles('widgets', 4);
    metrics.setLeader('my-operator', true);
    const processed: string[] = [];
    const queue = new WorkQueue({ concurrency: 1, name: 'widgets', metrics: metrics.queueMetrics('widgets'), process: async (key) => {
      processed.push(key);
    } });
    queue.add('ns/a');
    queue.addRateLimited('ns/b');
    await queue.shutDown({ drainTimeoutMs: 1_000 });
    expect(processed).toEqual(['ns/a']);
    const text = await metrics.registry.metrics();
    for (const line of [
      'controller_runtime_reconcile_total{controller="widgets",result="error"} 1',
      'controller_runtime_reconcile_total{controller="widgets",result="success"} 1',
      'controller_runtime_reconcile_errors_total{controller="widgets"} 1',
      'controller_runtime_reconcile_time_seconds_count{controller="widgets"} 2',
      'controller_runtime_max_concurrent_reconciles{controller="widgets"} 4',
      'controller_runtime_active_workers{controller="widgets"} 0',
      'workqueue_adds_total{name="widgets",controller="widgets"} 1',
      'workqueue_retries_total{name="widgets",controller="widgets"} 1',
      'workqueue_depth{name="widgets",controller="widgets"} 0',
      'workqueue_queue_duration_seconds_count{name="widgets",controller="widgets"} 1',
      'workqueue_work_duration_seconds_count{name="widgets",controller="widgets"} 1',
      'leader_election_master_status{name="my-operator"} 1',
      'operator_handler_runs_total{handler="create_widget",result="success"} 1',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('keeps each instance in its own registry', async () => {
    const one = new OperatorMetrics({ defaultMetrics: false });
    const two = new OperatorMetrics({ defaultMetrics: false });
    one.recordHandler('h', 'success');
    expect(await two.registry.metrics()).not.toContain('operator_handler_runs_total{');
  });
});
