/** Each benchmark prints a table and writes its numbers to bench/results/<name>.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { RESULTS_DIR } from './paths.js';

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface BenchResult {
  name: string;
  title: string;
  /** When the run finished (ISO 8601). */
  finishedAt: string;
  machine: MachineInfo;
  /** Headline numbers: what docs/performance.md and the plot show. */
  metrics: Record<string, Cell>;
  /** Per-contender or per-phase rows, printed as the table. */
  rows: Row[];
  /** What was measured and how, in a few sentences. */
  notes: string[];
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  /** 1-minute load average when the run finished: other work on the machine skews the numbers. */
  loadAverage1m: number;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: type(),
    node: process.version,
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
  };
}

/** Renders rows as a fixed-width text table (the keys of the first row are the columns). */
export function formatTable(rows: readonly Row[]): string {
  if (rows.length === 0) return '(no rows)';
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const text = (v: Cell | undefined): string => (v === undefined || v === null ? '—' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c]).length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => text(r[c]))))].join('\n');
}

/** BENCH_* knobs that change what is measured; a run with any of them set is not published. */
function knobsSet(): string[] {
  return Object.keys(process.env).filter((k) => k.startsWith('BENCH_') && k !== 'BENCH_CPU_PROF' && k !== 'BENCH_CONTENDER_PROF');
}

/**
 * Prints the table and writes bench/results/<name>.json — or <name>.tmp (not published, not in the
 * docs) when a BENCH_* knob changed the workload.
 */
export function publish(result: Omit<BenchResult, 'finishedAt' | 'machine'>): BenchResult {
  const full: BenchResult = { ...result, finishedAt: new Date().toISOString(), machine: machineInfo() };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const knobs = knobsSet();
  const file = join(RESULTS_DIR, knobs.length ? `${result.name}.tmp` : `${result.name}.json`);
  writeFileSync(file, JSON.stringify(full, null, 2) + '\n');
  if (knobs.length) console.log(`(${knobs.join(', ')} set: results written to ${file}, not published)`);
  console.log(`\n== ${result.title} ==\n`);
  console.log(formatTable(result.rows));
  console.log('');
  for (const [k, v] of Object.entries(result.metrics)) console.log(`${k}: ${v}`);
  for (const note of result.notes) console.log(`note: ${note}`);
  return full;
}
