/**
 * Steady state: once every object has converged, restarting the operator and leaving it idle
 * produces no writes to the API (the request log proves it) and starts no helm process (the helm
 * wrapper's log proves it). Lease renewals of leader election are the only writes, counted apart.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ensureBuilt } from './harness/build.js';
import { E2eCluster } from './harness/e2e-cluster.js';
import { OperatorProcess } from './harness/operator-process.js';
import { samplesDir } from './harness/paths.js';
import { delay, waitFor } from './harness/wait-for.js';

jest.setTimeout(120_000);

const NS = 'steady';
const SAMPLES = ['kryton-minimal', 'kryton-sample', 'kryton-team-a', 'kryton-team-b', 'kryton-with-plugins'];
/** The idle window measured after the restart. */
const IDLE_MS = 20_000;
const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

let cluster: E2eCluster;
let operator: OperatorProcess;

beforeAll(async () => {
  await ensureBuilt();
  cluster = await E2eCluster.start();
  operator = await OperatorProcess.start(cluster, { identity: 'steady-operator' });
  await operator.waitReady();
  await cluster.createNamespace(NS);
  await cluster.cli.kubectlOk(['-n', NS, 'apply', '-k', samplesDir]);
  await waitFor('every sample Ready', () => SAMPLES.every((n) => cluster.isReady(NS, n)), { timeoutMs: 90_000, describe: () => SAMPLES.map((n) => cluster.describe(NS, n)).join('\n') });
});

afterAll(async () => {
  await operator?.stop();
  await cluster?.stop();
});

describe('steady state', () => {
  it(`an operator restart and ${IDLE_MS / 1000} s idle make zero writes and zero helm runs`, async () => {
    // Let the first operator finish anything in flight: no write for a few seconds in a row.
    let last = cluster.server.requestLog.mark();
    let quietSince = Date.now();
    await waitFor('no writes for 3 s', () => {
      const writes = cluster.server.requestLog.since(last).filter((e) => WRITE_VERBS.has(e.verb) && e.resource !== 'leases');
      last = cluster.server.requestLog.mark();
      if (writes.length > 0) quietSince = Date.now();
      return Date.now() - quietSince >= 3_000;
    }, { timeoutMs: 60_000, intervalMs: 250 });

    const mark = cluster.server.requestLog.mark();
    const helmCallsBefore = cluster.helmShim.calls().length;
    await operator.stop();
    operator = await OperatorProcess.start(cluster, { identity: 'steady-operator' });
    await operator.waitReady();
    await delay(IDLE_MS);

    const since = cluster.server.requestLog.since(mark);
    const writes = since.filter((e) => WRITE_VERBS.has(e.verb));
    const leaseWrites = writes.filter((e) => e.resource === 'leases');
    const otherWrites = writes.filter((e) => e.resource !== 'leases').map((e) => `${e.verb} ${e.path} ${e.code}`);
    const helmCalls = cluster.helmShim.calls().slice(helmCallsBefore);
    console.log(`steady state: ${since.length} requests, ${leaseWrites.length} lease writes, ${otherWrites.length} other writes, ${helmCalls.length} helm runs over restart + ${IDLE_MS / 1000} s idle`);
    expect(otherWrites).toEqual([]);
    expect(helmCalls).toEqual([]);
    expect(operator.helmChildren()).toBe(0);
    for (const name of SAMPLES) expect(cluster.isReady(NS, name)).toBe(true);
  });
});
