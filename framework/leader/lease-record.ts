import type { KubeObject } from '../client/types.js';

/** The `spec` of a coordination.k8s.io/v1 Lease, as leader election uses it. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

/** A Kubernetes MicroTime: RFC 3339 with microseconds. */
export function microTime(at: Date): string {
  return at.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Whether another holder's lease still stands. As in client-go, expiry is judged by when this
 * replica last saw the record change (its own clock), never by the holder's renewTime, so clock
 * skew between nodes cannot make two leaders.
 */
export function heldByOther(spec: LeaseSpec | undefined, identity: string, observedAtMs: number, nowMs: number): boolean {
  const holder = spec?.holderIdentity ?? '';
  if (holder === '' || holder === identity) return false;
  const durationMs = (spec?.leaseDurationSeconds ?? 0) * 1000;
  return observedAtMs + durationMs > nowMs;
}

/** The spec to write when `identity` acquires or renews a lease whose current spec is `current`. */
export function nextLeaseSpec(current: LeaseSpec | undefined, identity: string, leaseDurationSeconds: number, now: Date): LeaseSpec {
  const renewing = current?.holderIdentity === identity;
  const at = microTime(now);
  return {
    holderIdentity: identity,
    leaseDurationSeconds,
    acquireTime: renewing && current?.acquireTime ? current.acquireTime : at,
    renewTime: at,
    leaseTransitions: renewing ? current?.leaseTransitions ?? 0 : (current?.leaseTransitions ?? -1) + 1,
  };
}

/** The spec that gives the lease up at once: no holder, a 1 s duration, the transition count kept. */
export function releasedLeaseSpec(current: LeaseSpec | undefined, now: Date): LeaseSpec {
  const at = microTime(now);
  return { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: at, renewTime: at, leaseTransitions: current?.leaseTransitions ?? 0 };
}
