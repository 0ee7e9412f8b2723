import type { KubeClient, ResourceRef } from '../client/types.js';
import type { Logger } from '../observability/logger.js';
import type { OperatorMetrics } from '../observability/metrics.js';
import type { EventReporter } from '../status/events.js';

/** What the dispatcher needs from the operator around it, for one watched resource. */
export interface DispatchDeps {
  client: KubeClient;
  resource: ResourceRef;
  annotationPrefix: string;
  finalizer: string;
  reporter: EventReporter;
  logger: Logger;
  /** The clock; tests inject one. */
  now: () => number;
  /** Aborted on operator shutdown: every handler's signal follows it. */
  signal: AbortSignal;
  metrics?: OperatorMetrics;
}
