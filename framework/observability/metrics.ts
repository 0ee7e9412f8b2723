import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueMetrics } from '../queue/queue-metrics.js';

export type { QueueMetrics } from '../queue/queue-metrics.js';

/** How one reconcile (one processing of a queue key) ended, in controller-runtime's words. */
export type ReconcileResult = 'success' | 'error' | 'requeue' | 'requeue_after';

/** controller-runtime's reconcile_time buckets: 5 ms … 60 s. */
const RECONCILE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];
/** client-go's workqueue buckets: 1 µs … 10 s, ×10 each. */
const QUEUE_BUCKETS = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

/**
 * The operator's Prometheus metrics in their own registry, named as controller-runtime names them
 * so existing dashboards and alerts work, plus per-handler run counts and the process defaults.
 */
export class OperatorMetrics {
  readonly registry = new Registry();
  readonly reconcileTotal = new Counter({ name: 'controller_runtime_reconcile_total', help: 'Total number of reconciliations per controller', labelNames: ['controller', 'result'], registers: [this.registry] });
  readonly reconcileErrors = new Counter({ name: 'controller_runtime_reconcile_errors_total', help: 'Total number of reconciliation errors per controller', labelNames: ['controller'], registers: [this.registry] });
  readonly reconcileTime = new Histogram({ name: 'controller_runtime_reconcile_time_seconds', help: 'Length of time per reconciliation per controller', labelNames: ['controller'], buckets: RECONCILE_BUCKETS, registers: [this.registry] });
  readonly activeWorkers = new Gauge({ name: 'controller_runtime_active_workers', help: 'Number of currently used workers per controller', labelNames: ['controller'], registers: [this.registry] });
  readonly maxConcurrentReconciles = new Gauge({ name: 'controller_runtime_max_concurrent_reconciles', help: 'Maximum number of concurrent reconciles per controller', labelNames: ['controller'], registers: [this.registry] });
  readonly queueDepth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames: ['name', 'controller'], registers: [this.registry] });
  readonly queueAdds = new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames: ['name', 'controller'], registers: [this.registry] });
  readonly queueRetries = new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames: ['name', 'controller'], registers: [this.registry] });
  readonly queueDuration = new Histogram({ name: 'workqueue_queue_duration_seconds', help: 'How long in seconds an item stays in workqueue before being requested', labelNames: ['name', 'controller'], buckets: QUEUE_BUCKETS, registers: [this.registry] });
  readonly workDuration = new Histogram({ name: 'workqueue_work_duration_seconds', help: 'How long in seconds processing an item from workqueue takes', labelNames: ['name', 'controller'], buckets: QUEUE_BUCKETS, registers: [this.registry] });
  readonly leaderStatus = new Gauge({ name: 'leader_election_master_status', help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master', labelNames: ['name'], registers: [this.registry] });
  readonly handlerRuns = new Counter({ name: 'operator_handler_runs_total', help: 'Handler runs per handler id and outcome', labelNames: ['handler', 'result'], registers: [this.registry] });
  readonly handlerDuration = new Histogram({ name: 'operator_handler_duration_seconds', help: 'Length of time per handler run', labelNames: ['handler'], buckets: RECONCILE_BUCKETS, registers: [this.registry] });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Hooks for a WorkQueue that feed the workqueue_* and active-worker series of one controller. */
  queueMetrics(name: string, controller: string = name): QueueMetrics {
    const labels = { name, controller };
    return {
      added: () => this.queueAdds.inc(labels),
      depth: (depth) => this.queueDepth.set(labels, depth),
      retried: () => this.queueRetries.inc(labels),
      queueWait: (seconds) => this.queueDuration.observe(labels, seconds),
      workDone: (seconds) => this.workDuration.observe(labels, seconds),
      active: (count) => this.activeWorkers.set({ controller }, count),
    };
  }

  /** Records one reconcile of `controller`: its result and how long it took. */
  recordReconcile(controller: string, result: ReconcileResult, seconds: number): void {
    this.reconcileTotal.inc({ controller, result });
    if (result === 'error') this.reconcileErrors.inc({ controller });
    this.reconcileTime.observe({ controller }, seconds);
  }

  /** Records one handler run; `result` is e.g. success, temporary_error, permanent_error, timeout. */
  recordHandler(handler: string, result: string, seconds?: number): void {
    this.handlerRuns.inc({ handler, result });
    if (seconds !== undefined) this.handlerDuration.observe({ handler }, seconds);
  }

  setMaxConcurrentReconciles(controller: string, max: number): void {
    this.maxConcurrentReconciles.set({ controller }, max);
  }

  setLeader(leaseName: string, leading: boolean): void {
    this.leaderStatus.set({ name: leaseName }, leading ? 1 : 0);
  }
}
