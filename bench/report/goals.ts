/** Pure: each stated goal, the measured value and whether it was met, from the results. */
import { type BenchResult, type Cell, type Row } from '../lib/results.js';

function num(v: Cell | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function verdict(measured: number | undefined, ok: (v: number) => boolean): string {
  if (measured === undefined) return 'no result';
  return ok(measured) ? 'met' : 'missed';
}

export function goalRows(results: readonly BenchResult[]): Row[] {
  const m = (name: string): BenchResult['metrics'] => results.find((r) => r.name === name)?.metrics ?? {};
  const api = m('api-server');
  const fw = m('framework');
  const op = m('operator');
  const rows: Row[] = [];
  const add = (goal: string, measured: number | undefined, ok: (v: number) => boolean, unit = ''): void => {
    rows.push({ goal, measured: measured === undefined ? null : `${measured}${unit}`, result: verdict(measured, ok) });
  };
  if (results.some((r) => r.name === 'api-server')) {
    add('API server: ≥ 2,000 writes/s', num(api.writesPerSecond), (v) => v >= 2000, ' writes/s');
    add('API server: event delivery p99 ≤ 20 ms, 10 watchers', num(api.eventLatencyP99Ms), (v) => v <= 20, ' ms');
  }
  if (results.some((r) => r.name === 'framework')) {
    const own = num(fw['framework.objectsPerSecond']);
    const raw = num(fw['raw.objectsPerSecond']);
    const ratio = own !== undefined && raw ? Math.round((own / raw) * 100) : undefined;
    add('Framework: ≥ 50% of the raw watch rate', ratio, (v) => v >= 50, '% of raw');
    for (const [id, label] of [['dot-i', '@dot-i/k8s-operator'], ['kfc', 'kubernetes-fluent-client']] as const) {
      const peer = num(fw[`${id}.objectsPerSecond`]);
      const lead = own !== undefined && peer ? Math.round((own / peer) * 100) : undefined;
      add(`Framework: ahead of ${label}`, lead, (v) => v > 100, `% of its rate`);
    }
    add('Framework: peak RSS < 150 MiB', num(fw['framework.peakRssMiB']), (v) => v < 150, ' MiB');
  }
  if (results.some((r) => r.name === 'operator')) {
    add('Operator: steady state starts no helm process', num(op.steadyHelmProcesses), (v) => v === 0);
    add('Operator: steady state sends no API write', num(op.steadyApiWrites), (v) => v === 0);
  }
  return rows;
}
