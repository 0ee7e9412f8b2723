/**
 * Framework benchmark: 2,000 objects of a test CRD created at once, consumed by a no-op handler in
 * each contender (each in its own process): this framework, a raw @kubernetes/client-node watch
 * (the ceiling), @dot-i/k8s-operator and kubernetes-fluent-client's Watcher.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST_BENCH, ROOT } from '../lib/paths.js';
import { knob, startServerProcess } from '../lib/processes.js';
import { publish, type Row } from '../lib/results.js';
import { RpcChild } from '../lib/rpc.js';
import { pollUntil, untilStable } from '../lib/settle.js';
import { mib, round } from '../lib/stats.js';
import { type ContenderReport } from './contenders/handled-counter.js';
import { NAMESPACE, WIDGET_CRD, WIDGETS, widget } from './contenders/widget.js';

const OBJECTS = knob('BENCH_WIDGETS', 2_000);
const TIMEOUT_MS = 120_000;

interface Contender {
  id: string;
  label: string;
  /** The npm package measured, for its version. */
  pkg: string;
  module: string;
}

const CONTENDERS: Contender[] = [
  { id: 'raw', label: 'raw client-node Watch (ceiling)', pkg: '@kubernetes/client-node', module: 'raw-client-node.js' },
  { id: 'framework-watcher', label: 'kryton framework Watcher only (no-op listener)', pkg: '', module: 'framework-watcher.js' },
  { id: 'framework', label: 'kryton framework (createOperator, no-op @OnCreate)', pkg: '', module: 'framework-operator.js' },
  { id: 'dot-i', label: '@dot-i/k8s-operator (no-op watchResource)', pkg: '@dot-i/k8s-operator', module: 'dot-i-operator.js' },
  { id: 'kfc', label: 'kubernetes-fluent-client Watcher (no-op)', pkg: 'kubernetes-fluent-client', module: 'fluent-client-watcher.js' },
];

function versionOf(pkg: string): string {
  const file = pkg === '' ? join(ROOT, 'package.json') : join(ROOT, 'node_modules', pkg, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

interface Measured {
  contender: Contender;
  report?: ContenderReport;
  eventsPerSecond?: number;
  elapsedMs?: number;
  /** How long the server took to store the objects (the pace no consumer can beat). */
  storeMs?: number;
  requests?: { total: number; writes: number; byVerb: Record<string, number> };
  error?: string;
}

async function measure(contender: Contender, dir: string): Promise<Measured> {
  const { child: server } = await startServerProcess({});
  const kubeconfig = join(dir, `${contender.id}.kubeconfig`);
  await server.call('writeKubeconfig', kubeconfig);
  await server.call('create', 'customresourcedefinitions.apiextensions.k8s.io', WIDGET_CRD);
  await server.call('create', 'namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  const proc = RpcChild.start(join(DIST_BENCH, 'framework', 'contenders', contender.module), contender.id, {
    env: { ...process.env, KUBECONFIG: kubeconfig },
    execArgv: process.env.BENCH_CONTENDER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CONTENDER_PROF}`] : [],
  });
  try {
    await Promise.race([
      proc.call('start', kubeconfig),
      new Promise((_, reject) => setTimeout(() => reject(new Error('did not start watching within 30 s')), 30_000)),
    ]);
    await pollUntil('the contender\'s watch', async () => (await server.call<number>('openWatches')) >= 1, 30_000);
    const mark = await server.call<number>('logMark');
    const created = await server.call<{ startedAt: number; finishedAt: number }>('createMany', `${WIDGETS.plural}.${WIDGETS.group}`, widget(), OBJECTS, 'w-');
    const report = await proc.call<ContenderReport>('waitFor', OBJECTS, TIMEOUT_MS);
    await untilStable(async () => (await server.call<{ total: number }>('requestsSince', mark)).total, 15_000);
    const requests = await server.call<Measured['requests']>('requestsSince', mark);
    if (report.handled < OBJECTS || report.lastAt === null) {
      return { contender, report, requests, error: `handled ${report.handled} of ${OBJECTS} objects within ${TIMEOUT_MS / 1000} s` };
    }
    const elapsedMs = report.lastAt - created.startedAt;
    return { contender, report, requests, storeMs: created.finishedAt - created.startedAt, elapsedMs: round(elapsedMs, 0), eventsPerSecond: round(OBJECTS / (elapsedMs / 1000), 0) };
  } catch (error) {
    return { contender, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  } finally {
    await proc.call('stop').catch((e: unknown) => console.error(`${contender.id}: stop failed: ${String(e)}`));
    await proc.stop(5_000);
    await server.call('stop');
    await server.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-framework-'));
  const results: Measured[] = [];
  try {
    const only = process.env.BENCH_CONTENDERS?.split(',');
    for (const contender of CONTENDERS.filter((c) => !only || only.includes(c.id))) {
      console.log(`framework bench: ${contender.label}…`);
      results.push(await measure(contender, dir));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const raw = results.find((r) => r.contender.id === 'raw')?.eventsPerSecond;
  const rows: Row[] = results.map((r) => ({
    contender: r.contender.label,
    version: versionOf(r.contender.pkg),
    handled: r.report?.handled ?? null,
    'objects/s': r.eventsPerSecond ?? null,
    'of raw': r.eventsPerSecond && raw ? `${Math.round((r.eventsPerSecond / raw) * 100)}%` : null,
    'time ms': r.elapsedMs ?? null,
    'peak RSS MiB': r.report ? mib(r.report.peakRssBytes) : null,
    'API requests': r.requests?.total ?? null,
    'API writes': r.requests?.writes ?? null,
    result: r.error ?? 'ok',
  }));
  const metrics: Record<string, number | string | null> = {};
  for (const r of results) {
    metrics[`${r.contender.id}.objectsPerSecond`] = r.eventsPerSecond ?? null;
    metrics[`${r.contender.id}.peakRssMiB`] = r.report ? mib(r.report.peakRssBytes) : null;
    metrics[`${r.contender.id}.apiWrites`] = r.requests?.writes ?? null;
    metrics[`${r.contender.id}.serverStoreMs`] = r.storeMs ?? null;
    metrics[`${r.contender.id}.requestsByVerb`] = r.requests ? Object.entries(r.requests.byVerb).map(([k, v]) => `${k}: ${v}`).join(', ') : null;
    if (r.error) metrics[`${r.contender.id}.error`] = r.error;
  }
  publish({
    name: 'framework',
    title: `Framework: ${OBJECTS} custom objects created at once, no-op handler, each contender in its own process`,
    metrics,
    rows,
    notes: [
      'objects/s: objects whose no-op handler ran, divided by the time from the first object being stored to the last handler call. The server stores the objects directly (no HTTP writes), in batches of 100, so the watch stream, not a writer, sets the pace. serverStoreMs is how long storing them took: a consumer that keeps up finishes just after it, so the raw rate is also bounded by the server.',
      'Peak RSS: the contender process, sampled every 25 ms from the moment it started watching.',
      'API writes: requests the contender sent while handling. This framework persists each object\'s diff base (one merge patch per new object), as Kopf does; the peers keep no state in the object.',
      `The framework ran with concurrency ${process.env.BENCH_FRAMEWORK_CONCURRENCY ?? 4} (4 is the \`run\` default). Goal: at least half the raw rate, ahead of both peers, peak RSS under 150 MiB.`,
    ],
  });
}

await main();
