/**
 * Operator benchmark with the real operator CLI and real helm against the local API server:
 * 50 Kryton objects created at once → time until all are Ready, peak RSS, helm processes and API
 * writes per object; then a steady-state window (goal: no helm process, no API write); then the
 * memory of a replica watching 1,000 Kryton objects.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type KubeObject } from '../../framework/index.js';
import { locateBinary } from '../../handlers/tools/verified-binary.js';
import { BenchHttp, wallNow } from '../lib/http-client.js';
import { DIST_BENCH, ROOT } from '../lib/paths.js';
import { procMemory } from '../lib/proc-status.js';
import { knob, startServerProcess } from '../lib/processes.js';
import { publish, type Row } from '../lib/results.js';
import { RpcChild } from '../lib/rpc.js';
import { pollUntil, untilStable } from '../lib/settle.js';
import { mib, round } from '../lib/stats.js';
import { CountingHelm } from './counting-helm.js';
import { startOperator } from './operator-process.js';

const OBJECTS = knob('BENCH_KRYTONS', 50);
const STEADY_SECONDS = knob('BENCH_STEADY_SECONDS', 120);
const WATCHED = knob('BENCH_WATCHED_KRYTONS', 1_000);
const RESYNC_SECONDS = 30;
const NS = 'bench';
const KRYTONS = 'krytons.kryton.azrtydxb.io';
const CRD_FILE = join(ROOT, 'deploy', 'crd', 'bases', 'kryton.azrtydxb.io_krytons.yaml');

interface Requests { total: number; writes: number; byVerb: Record<string, number> }

function kryton(name: string): KubeObject {
  return { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name, namespace: NS }, spec: { version: '4.5.0' } };
}

function isReady(obj: KubeObject): boolean {
  const conditions = (obj.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

async function prepareServer(): Promise<{ server: RpcChild; http: BenchHttp; kubeconfig: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-operator-'));
  const { child: server, info } = await startServerProcess({});
  const kubeconfig = join(dir, 'kubeconfig');
  await server.call('writeKubeconfig', kubeconfig);
  await server.call('create', 'customresourcedefinitions.apiextensions.k8s.io', parse(readFileSync(CRD_FILE, 'utf8')) as KubeObject);
  await server.call('create', 'namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  return { server, http: new BenchHttp(info, 16), kubeconfig, dir };
}

const QUIET_FLAGS = ['--no-leader-elect', '--metrics-address', '0', '--health-address', '0', '--log-level', 'warn', '--log-format', 'text'];

/** Writes by anyone but the benchmark itself: `mine` creates are subtracted. */
function operatorWrites(requests: Requests, mine: number): number {
  return requests.writes - mine;
}

async function releaseBench(): Promise<{ rows: Row[]; metrics: Record<string, number | string | null> }> {
  const { server, http, kubeconfig, dir } = await prepareServer();
  const helm = new CountingHelm(dir, locateBinary('helm'));
  const operator = startOperator(['--kubeconfig', kubeconfig, ...QUIET_FLAGS, '--resync-seconds', String(RESYNC_SECONDS), '--helm-binary', helm.binary]);
  const rows: Row[] = [];
  try {
    await pollUntil('the operator to watch Kryton objects', async () => (await server.call<number>('openWatches')) >= 1, 60_000, 100);
    const mark = await server.call<number>('logMark');
    const t0 = wallNow();
    await Promise.all(Array.from({ length: OBJECTS }, (_, i) => http.json('POST', `/apis/kryton.azrtydxb.io/v1alpha1/namespaces/${NS}/krytons`, kryton(`k${i}`))));
    let peakRss = 0;
    await pollUntil(`all ${OBJECTS} Kryton objects Ready`, async () => {
      peakRss = Math.max(peakRss, procMemory(operator.child.pid!).peakRssBytes);
      const objects = await server.call<KubeObject[]>('objects', KRYTONS, NS);
      return objects.length === OBJECTS && objects.every(isReady);
    }, 600_000, 200).catch((error: unknown) => {
      throw new Error(`${String(error)}\noperator output:\n${operator.output().slice(-3000)}`);
    });
    const readySeconds = round((wallNow() - t0) / 1000, 1);
    await untilStable(async () => (await server.call<Requests>('requestsSince', mark)).writes, 30_000, 500, 4);
    const settled = await server.call<Requests>('requestsSince', mark);
    const helmCalls = helm.calls();
    const helmTotal = helm.total();
    peakRss = Math.max(peakRss, procMemory(operator.child.pid!).peakRssBytes);
    const writes = operatorWrites(settled, OBJECTS);
    const krytonWrites = Object.entries(settled.byVerb).filter(([k]) => /^(update|patch) krytons/.test(k)).reduce((a, [, v]) => a + v, 0);
    rows.push({ phase: `${OBJECTS} new Kryton objects → all Ready`, seconds: readySeconds, 'helm processes': helmTotal, 'API writes': writes, 'writes/object': round(writes / OBJECTS, 1), 'operator peak RSS MiB': mib(peakRss) });

    const steadyMark = await server.call<number>('logMark');
    const helmBefore = helmTotal;
    const steadyStart = Date.now();
    // The steady-state window is the measurement itself: nothing changes, and any request shows up.
    while (Date.now() - steadyStart < STEADY_SECONDS * 1000) {
      peakRss = Math.max(peakRss, procMemory(operator.child.pid!).peakRssBytes);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const steady = await server.call<Requests>('requestsSince', steadyMark);
    const steadyHelm = helm.total() - helmBefore;
    const stillReady = (await server.call<KubeObject[]>('objects', KRYTONS, NS)).filter(isReady).length;
    rows.push({ phase: `steady state, ${STEADY_SECONDS} s (resync every ${RESYNC_SECONDS} s)`, seconds: STEADY_SECONDS, 'helm processes': steadyHelm, 'API writes': steady.writes, 'writes/object': round(steady.writes / OBJECTS, 2), 'operator peak RSS MiB': mib(peakRss) });
    const metrics = {
      krytons: OBJECTS,
      timeToAllReadySeconds: readySeconds,
      operatorPeakRssMiB: mib(peakRss),
      helmProcessesToReady: helmTotal,
      helmProcessesBySubcommand: Object.entries(helmCalls).map(([k, v]) => `${k}: ${v}`).join(', '),
      apiWritesPerNewObject: round(writes / OBJECTS, 2),
      krytonWritesPerNewObject: round(krytonWrites / OBJECTS, 2),
      apiWritesByVerb: Object.entries(settled.byVerb).filter(([k]) => /^(create|update|patch|delete)/.test(k)).map(([k, v]) => `${k}: ${v}`).join(', '),
      steadySeconds: STEADY_SECONDS,
      steadyHelmProcesses: steadyHelm,
      steadyApiWrites: steady.writes,
      steadyApiRequests: steady.total,
      steadyRequestsByVerb: Object.entries(steady.byVerb).map(([k, v]) => `${k}: ${v}`).join(', '),
      readyAfterSteadyState: stillReady,
    };
    return { rows, metrics };
  } finally {
    const code = await operator.stop();
    if (code !== 0) console.error(`operator exited with ${code}:\n${operator.output().slice(-2000)}`);
    http.close();
    await server.call('stop');
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface WatchMemory {
  rssMiB: number;
  heapUsedMiB: number;
  heapUsedKiB: number;
  writes: number;
}

/**
 * A standby replica (another identity holds the Lease, so no handler and no helm runs) keeps its
 * watches synced: its memory is the cost of watching `count` Kryton objects.
 */
async function watchMemory(count: number): Promise<WatchMemory> {
  const { server, http, kubeconfig, dir } = await prepareServer();
  const standby = RpcChild.start(join(DIST_BENCH, 'operator', 'standby-operator.js'), 'standby-operator', { execArgv: ['--expose-gc'] });
  try {
    const now = new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
    await server.call('create', 'leases.coordination.k8s.io', {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'kryton-operator', namespace: NS },
      spec: { holderIdentity: 'another-replica', leaseDurationSeconds: 3600, acquireTime: now, renewTime: now, leaseTransitions: 0 },
    });
    for (let i = 0; i < count; i++) await server.call('create', KRYTONS, kryton(`w${i}`));
    const mark = await server.call<number>('logMark');
    const started = await standby.call<{ ready: boolean; leading: boolean }>('start', kubeconfig, NS);
    if (!started.ready || started.leading) throw new Error(`the standby replica should be synced and not leading, got ${JSON.stringify(started)}`);
    const memory = await standby.call<{ rss: number; heapUsed: number }>('memory');
    const requests = await server.call<Requests>('requestsSince', mark);
    await standby.call('stop');
    return { rssMiB: mib(memory.rss), heapUsedMiB: mib(memory.heapUsed), heapUsedKiB: memory.heapUsed / 1024, writes: requests.writes };
  } finally {
    await standby.stop();
    http.close();
    await server.call('stop');
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`operator bench: ${OBJECTS} Kryton objects with real helm…`);
  const { rows, metrics } = await releaseBench();
  console.log(`operator bench: memory with 0 and ${WATCHED} watched Kryton objects…`);
  const empty = await watchMemory(0);
  const full = await watchMemory(WATCHED);
  rows.push({ phase: 'standby replica watching 0 Kryton objects', seconds: null, 'helm processes': 0, 'API writes': empty.writes, 'writes/object': null, 'RSS MiB': empty.rssMiB, 'heap used MiB': empty.heapUsedMiB });
  rows.push({ phase: `standby replica watching ${WATCHED} Kryton objects`, seconds: null, 'helm processes': 0, 'API writes': full.writes, 'writes/object': null, 'RSS MiB': full.rssMiB, 'heap used MiB': full.heapUsedMiB });
  publish({
    name: 'operator',
    title: `Operator: ${OBJECTS} Kryton objects with real helm, steady state, memory with ${WATCHED} watched objects`,
    metrics: {
      ...metrics,
      watchedKrytons: WATCHED,
      rssWatching0MiB: empty.rssMiB,
      rssWatchingManyMiB: full.rssMiB,
      heapUsedWatching0MiB: empty.heapUsedMiB,
      heapUsedWatchingManyMiB: full.heapUsedMiB,
      heapKiBPerWatchedObject: round((full.heapUsedKiB - empty.heapUsedKiB) / WATCHED, 2),
    },
    rows,
    notes: [
      `The operator is the real CLI (\`kryton-operator run --no-leader-elect\`, concurrency 4, resync every ${RESYNC_SECONDS} s) in its own process; helm is the verified helm binary behind a wrapper that counts its processes. No pods run: the local API server stores what helm applies.`,
      'API writes per new object: writes the operator and its helm processes sent (all create/update/patch/delete requests minus the benchmark\'s own creates), divided by the number of objects, counted once the write count stopped moving. krytonWritesPerNewObject counts only the patches of the Kryton object itself (metadata and status).',
      `Steady state: ${STEADY_SECONDS} s with nothing changing, after every object was Ready; resync passes re-examine every object (goal: 0 helm processes, 0 API writes).`,
      `Memory: a standby replica (another identity holds the leader Lease, so no handler and no helm runs) after its watches synced, with 0 and with ${WATCHED} Kryton objects stored as a user creates them (spec.version only, no status or operator annotations yet); the operator is the real composition root (buildKrytonOperator) in its own process with --expose-gc; RSS and V8 heap in use are read after three forced garbage collections. The per-object cost is the heap difference (RSS moves in steps of whole heap pages and varies more between runs).`,
    ],
  });
}

await main();
