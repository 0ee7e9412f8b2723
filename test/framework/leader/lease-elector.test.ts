import { afterEach, describe, expect, it } from '@jest/globals';
import type { KubeClient } from '../../../framework/client/types.js';
import { LeaseElector, type LeaseElectorOptions } from '../../../framework/leader/lease-elector.js';
import type { LeaseSpec } from '../../../framework/leader/lease-record.js';
import { waitFor } from '../watch/wait-for.js';
import { LeaseStore } from './lease-store.js';

const TIMING = { leaseDurationMs: 1_500, renewDeadlineMs: 1_000, retryPeriodMs: 100 };

interface Running {
  elector: LeaseElector;
  stop: AbortController;
  done: Promise<void>;
  events: string[];
}

const running: Running[] = [];
afterEach(async () => {
  for (const r of running) r.stop.abort();
  await Promise.all(running.map((r) => r.done));
  running.length = 0;
});

function start(client: KubeClient, identity: string, overrides: Partial<LeaseElectorOptions> = {}): Running {
  const elector = new LeaseElector({ client, namespace: 'ops', name: 'my-operator', identity, ...TIMING, ...overrides });
  const stop = new AbortController();
  const events: string[] = [];
  const done = elector.run(stop.signal, {
    onStartedLeading: () => events.push('started'),
    onStoppedLeading: () => events.push('stopped'),
  });
  const r = { elector, stop, done, events };
  running.push(r);
  return r;
}

function spec(store: LeaseStore): LeaseSpec {
  return (store.read('ops', 'my-operator')?.spec ?? {}) as LeaseSpec;
}

describe('LeaseElector', () => {
  it('creates the lease when there is none and renews it, keeping acquireTime', async () => {
    const store = new LeaseStore();
    const a = start(store, 'a');
    await waitFor('a leads', () => a.elector.isLeader());
    expect(a.events).toEqual(['started']);
    const first = spec(store);
    expect(first).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 2, leaseTransitions: 0 });
    expect(first.acquireTime).toBe(first.renewTime);
    expect(first.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    await waitFor('a renewal', () => spec(store).renewTime !== first.renewTime);
    expect(spec(store)).toMatchObject({ holderIdentity: 'a', acquireTime: first.acquireTime, leaseTransitions: 0 });
  });

  it('lets exactly one of two simultaneous candidates lead', async () => {
    const store = new LeaseStore();
    const a = start(store, 'a');
    const b = start(store, 'b');
    await waitFor('someone leads', () => a.elector.isLeader() || b.elector.isLeader());
    const writesAtStart = store.writes;
    await waitFor('three renewals', () => store.writes >= writesAtStart + 3);
    expect([a.elector.isLeader(), b.elector.isLeader()].filter(Boolean)).toHaveLength(1);
    expect(spec(store).leaseTransitions).toBe(0);
  });

  it('a standby takes over once the leader stops renewing and its lease runs out', async () => {
    const store = new LeaseStore();
    const a = start(store, 'a');
    await waitFor('a leads', () => a.elector.isLeader());
    const b = start(store, 'b');
    const writes = store.writes;
    await waitFor('a renews while b waits', () => store.writes >= writes + 3);
    expect(b.elector.isLeader()).toBe(false);
    a.stop.abort(); // a dies without releasing
    await a.done;
    expect(a.events).toEqual(['started', 'stopped']);
    await waitFor('b takes over', () => b.elector.isLeader(), TIMING.leaseDurationMs + 5_000);
    expect(spec(store)).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  });

  it('release() hands the lease over at once, long before it would expire', async () => {
    const store = new LeaseStore();
    const slow = { leaseDurationMs: 60_000, renewDeadlineMs: 40_000, retryPeriodMs: 100 };
    const a = start(store, 'a', slow);
    await waitFor('a leads', () => a.elector.isLeader());
    const b = start(store, 'b', slow);
    a.stop.abort();
    await a.done;
    await a.elector.release();
    expect(spec(store)).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    // Far inside the 60 s lease: only the release can explain the takeover.
    await waitFor('b takes over', () => b.elector.isLeader(), 10_000);
    expect(spec(store)).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  });

  it('release() leaves a lease held by someone else alone', async () => {
    const store = new LeaseStore();
    const a = start(store, 'a');
    await waitFor('a leads', () => a.elector.isLeader());
    const b = new LeaseElector({ client: store, namespace: 'ops', name: 'my-operator', identity: 'b', ...TIMING });
    await b.release();
    expect(spec(store).holderIdentity).toBe('a');
  });

  it('steps down when it cannot renew within the renew deadline', async () => {
    const store = new LeaseStore();
    const changes: boolean[] = [];
    const a = start(store, 'a', { onLeadershipChange: (leading) => changes.push(leading) });
    await waitFor('a leads', () => a.elector.isLeader());
    store.unreachable = true;
    await a.done;
    expect(a.elector.isLeader()).toBe(false);
    expect(a.events).toEqual(['started', 'stopped']);
    expect(changes).toEqual([true, false]);
  });

  it('rejects timings where the renew deadline is not shorter than the lease', () => {
    const store = new LeaseStore();
    expect(() => new LeaseElector({ client: store, namespace: 'ops', name: 'l', identity: 'a', leaseDurationMs: 10_000, renewDeadlineMs: 10_000 }))
      .toThrow(/renewDeadlineMs/);
  });
});
