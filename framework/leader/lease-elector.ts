import { ApiError, type KubeClient, type ResourceRef } from '../client/types.js';
import { silentLogger, type Logger } from '../observability/logger.js';
import { abortableSleep } from '../watch/abortable-sleep.js';
import { heldByOther, nextLeaseSpec, releasedLeaseSpec, type Lease, type LeaseSpec } from './lease-record.js';

export const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', kind: 'Lease', namespaced: true };

export interface LeaseElectorOptions {
  client: KubeClient;
  namespace: string;
  name: string;
  /** Unique per replica, e.g. `hostname_uuid`. */
  identity: string;
  /** How long a lease stands without renewal before others may take it. Default 15 s. */
  leaseDurationMs?: number;
  /** The leader gives up if it cannot renew for this long. Default 10 s; must be < leaseDurationMs. */
  renewDeadlineMs?: number;
  /** Pause between acquire/renew attempts. Default 2 s. */
  retryPeriodMs?: number;
  logger?: Logger;
  /** Told whenever leadership starts or stops (for a leader-status metric). */
  onLeadershipChange?: (leading: boolean) => void;
}

export interface LeaderCallbacks {
  onStartedLeading: () => void;
  onStoppedLeading: () => void;
}

/** Jitter on the retry period while waiting to acquire, as client-go's JitterFactor 1.2. */
const ACQUIRE_JITTER = 1.2;

/**
 * Leader election on a coordination.k8s.io/v1 Lease with client-go's semantics: acquire when the
 * lease is free or expired (as observed locally), renew every retry period with optimistic
 * concurrency on resourceVersion, give up after failing to renew for the renew deadline.
 */
export class LeaseElector {
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly logger: Logger;
  private leading = false;
  /** The last lease record seen, and when (local clock) it last changed. */
  private observed?: { spec?: LeaseSpec; resourceVersion?: string; atMs: number };

  constructor(private readonly options: LeaseElectorOptions) {
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    if (this.renewDeadlineMs >= this.leaseDurationMs) {
      throw new Error(`renewDeadlineMs (${this.renewDeadlineMs}) must be shorter than leaseDurationMs (${this.leaseDurationMs}).`);
    }
    if (this.retryPeriodMs * ACQUIRE_JITTER >= this.renewDeadlineMs) {
      throw new Error(`retryPeriodMs (${this.retryPeriodMs}) × ${ACQUIRE_JITTER} must be shorter than renewDeadlineMs (${this.renewDeadlineMs}).`);
    }
    this.logger = (options.logger ?? silentLogger()).child({ lease: `${options.namespace}/${options.name}`, identity: options.identity });
  }

  isLeader(): boolean {
    return this.leading;
  }

  /**
   * Waits to acquire the lease, leads while it renews, and returns when leadership is lost or the
   * signal aborts (calling onStoppedLeading if it had started). After a loss a process should exit,
   * as controller-runtime does: its workers may still be running on stale assumptions.
   */
  async run(signal: AbortSignal, callbacks: LeaderCallbacks): Promise<void> {
    while (!signal.aborted && !(await this.attempt('acquire'))) {
      await abortableSleep(this.retryPeriodMs * (1 + Math.random() * (ACQUIRE_JITTER - 1)), signal);
    }
    if (signal.aborted) return;
    this.setLeading(true);
    this.logger.info('became leader');
    callbacks.onStartedLeading();
    let lastRenewMs = Date.now();
    while (!signal.aborted) {
      await abortableSleep(this.retryPeriodMs, signal);
      if (signal.aborted) break;
      if (await this.attempt('renew')) {
        lastRenewMs = Date.now();
      } else if (Date.now() - lastRenewMs >= this.renewDeadlineMs) {
        this.logger.error('failed to renew the lease within the renew deadline: leadership lost', { renewDeadlineMs: this.renewDeadlineMs });
        break;
      }
    }
    this.setLeading(false);
    callbacks.onStoppedLeading();
  }

  /** Gives the lease up at once (no holder, 1 s duration) if this replica holds it; for shutdown. */
  async release(): Promise<void> {
    this.setLeading(false);
    const lease = await this.options.client.get<Lease>(LEASES, this.options.name, this.options.namespace);
    if (!lease || lease.spec?.holderIdentity !== this.options.identity) return;
    try {
      await this.options.client.replace<Lease>(LEASES, { ...lease, spec: releasedLeaseSpec(lease.spec, new Date()) });
      this.logger.info('released the lease');
    } catch (error) {
      if (error instanceof ApiError && error.isConflict) {
        this.logger.warn('the lease changed while releasing it; leaving it to expire');
        return;
      }
      throw error;
    }
  }

  private setLeading(leading: boolean): void {
    if (this.leading === leading) return;
    this.leading = leading;
    this.options.onLeadershipChange?.(leading);
  }

  /** One try to acquire or renew; false when someone else holds it, on conflicts, and on API failures. */
  private async attempt(kind: 'acquire' | 'renew'): Promise<boolean> {
    try {
      return await withTimeout(this.tryAcquireOrRenew(), Math.max(this.renewDeadlineMs / 2, 1_000));
    } catch (error) {
      if (error instanceof ApiError && (error.isConflict || error.code === 409)) {
        this.logger.debug(`lease ${kind} lost a race`, { reason: error.reason });
      } else {
        this.logger.warn(`lease ${kind} failed`, { error: error instanceof Error ? error.message : String(error) });
      }
      return false;
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { client, namespace, name, identity } = this.options;
    const durationSeconds = Math.ceil(this.leaseDurationMs / 1000);
    const now = new Date();
    const lease = await client.get<Lease>(LEASES, name, namespace);
    if (!lease) {
      const spec = nextLeaseSpec(undefined, identity, durationSeconds, now);
      const created = await client.create<Lease>(LEASES, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec });
      this.observe(created, Date.now());
      return true;
    }
    this.observe(lease, now.getTime());
    if (heldByOther(lease.spec, identity, this.observed!.atMs, now.getTime())) return false;
    const spec = nextLeaseSpec(lease.spec, identity, durationSeconds, now);
    // replace carries metadata.resourceVersion: a concurrent writer makes this fail with 409.
    const updated = await client.replace<Lease>(LEASES, { ...lease, spec });
    this.observe(updated, Date.now());
    return true;
  }

  private observe(lease: Lease, atMs: number): void {
    const same = this.observed && JSON.stringify(this.observed.spec) === JSON.stringify(lease.spec);
    if (!same) this.observed = { spec: lease.spec, resourceVersion: lease.metadata.resourceVersion, atMs };
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the API server within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
