/** Pure: which numbers of which results become the plot's panels. */
import { type BenchResult, type Cell } from '../lib/results.js';
import { type Panel } from './svg.js';

function num(v: Cell | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const CONTENDERS: [string, string][] = [
  ['raw', 'raw client-node Watch'],
  ['framework-watcher', 'this framework: Watcher only'],
  ['framework', 'this framework: operator'],
  ['dot-i', '@dot-i/k8s-operator'],
  ['kfc', 'fluent-client Watcher'],
];

export function panelsFor(results: readonly BenchResult[]): Panel[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  const panels: Panel[] = [];
  const api = byName.get('api-server');
  if (api) {
    panels.push({
      title: 'Local API server: ConfigMap writes',
      unit: 'writes/s, higher is better',
      bars: [{ label: 'HTTPS POST, 16 writers', value: num(api.metrics.writesPerSecond) }],
      target: { value: 2000, label: 'goal 2,000' },
    });
    panels.push({
      title: 'Local API server: event delivery, 10 watchers',
      unit: 'ms, lower is better',
      bars: [
        { label: 'p50', value: num(api.metrics.eventLatencyP50Ms) },
        { label: 'p99', value: num(api.metrics.eventLatencyP99Ms) },
      ],
      target: { value: 20, label: 'p99 goal 20 ms' },
    });
  }
  const fw = byName.get('framework');
  if (fw) {
    const error = (id: string): string | undefined => (typeof fw.metrics[`${id}.error`] === 'string' ? String(fw.metrics[`${id}.error`]) : undefined);
    const raw = num(fw.metrics['raw.objectsPerSecond']);
    panels.push({
      title: 'Framework: 2,000 new objects, no-op handler',
      unit: 'objects/s, higher is better',
      bars: CONTENDERS.map(([id, label]) => ({ label, value: num(fw.metrics[`${id}.objectsPerSecond`]), note: error(id) })),
      ...(raw ? { target: { value: raw / 2, label: 'half of raw' } } : {}),
    });
    panels.push({
      title: 'Framework: peak RSS of each contender',
      unit: 'MiB, lower is better',
      bars: CONTENDERS.map(([id, label]) => ({ label, value: num(fw.metrics[`${id}.peakRssMiB`]), note: error(id) })),
      target: { value: 150, label: 'limit 150 MiB' },
    });
  }
  const op = byName.get('operator');
  if (op) {
    panels.push({
      title: 'Operator with real helm',
      unit: 'MiB',
      bars: [
        { label: `peak RSS, ${op.metrics.krytons} objects to Ready`, value: num(op.metrics.operatorPeakRssMiB) },
        { label: 'RSS watching 0 objects (standby)', value: num(op.metrics.rssWatching0MiB) },
        { label: `RSS watching ${op.metrics.watchedKrytons} objects (standby)`, value: num(op.metrics.rssWatchingManyMiB) },
        { label: 'V8 heap used, watching 0 objects', value: num(op.metrics.heapUsedWatching0MiB) },
        { label: `V8 heap used, watching ${op.metrics.watchedKrytons} objects`, value: num(op.metrics.heapUsedWatchingManyMiB) },
      ],
    });
  }
  return panels;
}
