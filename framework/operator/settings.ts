import type { Logger } from '../observability/logger.js';
import type { OperatorMetrics } from '../observability/metrics.js';

export interface LeaderElectionSettings {
  /** Namespace of the coordination.k8s.io/v1 Lease. */
  namespace: string;
  /** Name of the Lease. */
  name: string;
  /** This replica's identity (pod name); unique per replica. */
  identity: string;
  leaseDurationSeconds?: number;
  renewDeadlineSeconds?: number;
  retryPeriodSeconds?: number;
}

/** How an operator built by createOperator behaves. */
export interface OperatorSettings {
  /**
   * DNS-subdomain prefix of the operator's own annotations: the diff base
   * (`<prefix>/last-handled-configuration`) and progress (`<prefix>/progress.<handler-id>`).
   */
  annotationPrefix: string;
  /** Finalizer added to objects that have delete handlers, e.g. `<prefix>/finalizer`. */
  finalizer: string;
  /** Namespaces to watch: 'all', or a list. */
  namespaces: 'all' | string[];
  /** Objects processed at once (per object it is always one at a time). */
  concurrency: number;
  /**
   * Re-examine every cached object this often: a change whose events were missed is handled;
   * objects already handled cost no request. Defaults to off.
   */
  resyncSeconds?: number;
  /** Lease-based leader election; only the leader runs handlers. Defaults to off. */
  leaderElection?: LeaderElectionSettings | false;
  logger: Logger;
  /** Prometheus metrics (reconciles, handler runs, queue, leader status). Defaults to none. */
  metrics?: OperatorMetrics;
  /** Shown as the source of Events. Defaults to the annotation prefix. */
  reportingComponent?: string;
  /** How long stop() waits for in-flight handlers before aborting their signals. Defaults to 30 s. */
  drainTimeoutSeconds?: number;
  /** Restart a watch that delivers nothing for this long. Defaults to the watcher's (5 min). */
  watchSilenceTimeoutSeconds?: number;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Rejects settings that would fail later in a confusing way, naming what to fix. */
export function validateSettings(settings: OperatorSettings): void {
  if (!DNS_SUBDOMAIN.test(settings.annotationPrefix) || settings.annotationPrefix.length > 253) {
    throw new Error(`annotationPrefix '${settings.annotationPrefix}' must be a DNS subdomain like 'example.com'`);
  }
  if (!/^[a-z0-9.-]+\/[A-Za-z0-9._-]+$/.test(settings.finalizer)) {
    throw new Error(`finalizer '${settings.finalizer}' must be a qualified name like 'example.com/finalizer'`);
  }
  if (!Number.isInteger(settings.concurrency) || settings.concurrency < 1) {
    throw new Error(`concurrency must be a whole number >= 1, got ${settings.concurrency}`);
  }
  if (settings.namespaces !== 'all' && settings.namespaces.length === 0) {
    throw new Error("namespaces is an empty list: pass 'all' or at least one namespace");
  }
  if (settings.resyncSeconds !== undefined && !(settings.resyncSeconds > 0)) {
    throw new Error(`resyncSeconds must be > 0 when set, got ${settings.resyncSeconds}`);
  }
}
