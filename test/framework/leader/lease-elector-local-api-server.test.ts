import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createKubeClient, type ClosableKubeClient } from '../../../framework/client/create-kube-client.js';
import { LeaseElector, LEASES } from '../../../framework/leader/lease-elector.js';
import type { Lease } from '../../../framework/leader/lease-record.js';
import { LocalApiServer } from '../../../framework/testing/index.js';
import { waitFor } from '../watch/wait-for.js';

let server: LocalApiServer;
const clients: ClosableKubeClient[] = [];
const stops: { abort: AbortController; done: Promise<void> }[] = [];

beforeAll(async () => {
  server = await LocalApiServer.start({ tls: true });
});
afterEach(async () => {
  for (const s of stops) s.abort.abort();
  await Promise.all(stops.map((s) => s.done));
  stops.length = 0;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.stop();
});

/** One replica: its own client (its own connections), its own elector. */
function replica(identity: string, name: string, timing: { leaseDurationMs: number; renewDeadlineMs: number; retryPeriodMs: number }) {
  const client = createKubeClient({ kubeconfigYaml: server.kubeconfig() });
  clients.push(client);
  const elector = new LeaseElector({ client, namespace: 'default', name, identity, ...timing });
  const abort = new AbortController();
  const done = elector.run(abort.signal, { onStartedLeading: () => undefined, onStoppedLeading: () => undefined });
  stops.push({ abort, done });
  return { elector, abort, done };
}

async function lease(name: string): Promise<Lease | undefined> {
  return clients[0].get<Lease>(LEASES, name, 'default');
}

describe('LeaseElector on a local API server', () => {
  it('a standby takes over within the lease after the leader stops renewing', async () => {
    const timing = { leaseDurationMs: 2_000, renewDeadlineMs: 1_500, retryPeriodMs: 200 };
    const a = replica('a', 'takeover', timing);
    await waitFor('a leads', () => a.elector.isLeader());
    const b = replica('b', 'takeover', timing);
    const renewTime = (await lease('takeover'))!.spec!.renewTime;
    await waitFor('a renews while b stands by', async () => (await lease('takeover'))!.spec!.renewTime !== renewTime);
    expect(b.elector.isLeader()).toBe(false);
    a.abort.abort();
    await a.done;
    await waitFor('b takes over', () => b.elector.isLeader(), timing.leaseDurationMs + 5_000);
    expect((await lease('takeover'))!.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  });

  it('release() hands over at once, long before the lease would expire', async () => {
    const timing = { leaseDurationMs: 60_000, renewDeadlineMs: 40_000, retryPeriodMs: 200 };
    const a = replica('a', 'release', timing);
    await waitFor('a leads', () => a.elector.isLeader());
    const b = replica('b', 'release', timing);
    a.abort.abort();
    await a.done;
    await a.elector.release();
    expect((await lease('release'))!.spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    await waitFor('b takes over', () => b.elector.isLeader(), 10_000);
    expect((await lease('release'))!.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  });
});
