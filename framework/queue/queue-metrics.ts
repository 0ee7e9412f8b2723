/**
 * What a work queue reports as it runs; OperatorMetrics.queueMetrics() turns these into Prometheus
 * series. Every hook is optional so tests and tools can observe just what they need.
 */
export interface QueueMetrics {
  /** A key was added (coalesced adds count too, as client-go's adds_total does). */
  added?(): void;
  /** Keys waiting to be processed (not delayed, not in flight). */
  depth?(depth: number): void;
  /** A key was re-queued with backoff. */
  retried?(): void;
  /** Seconds a key waited in the queue before a worker took it. */
  queueWait?(seconds: number): void;
  /** Seconds one processing of a key took. */
  workDone?(seconds: number): void;
  /** Keys being processed right now. */
  active?(count: number): void;
}
