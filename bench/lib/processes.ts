/** Paths of the compiled helper processes, and starting the API server process. */
import { join } from 'node:path';
import { type LocalApiServerOptions } from '../../framework/testing/index.js';
import { DIST_BENCH } from './paths.js';
import { RpcChild } from './rpc.js';

export interface StartedServer {
  url: string;
  kubeconfig: string;
  token: string;
  ca: string | null;
}

/** BENCH_CPU_PROF=<dir> writes a CPU profile of every API server process into <dir>. */
export async function startServerProcess(opts: LocalApiServerOptions = {}): Promise<{ child: RpcChild; info: StartedServer }> {
  const dir = process.env.BENCH_CPU_PROF;
  const execArgv = dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
  const child = RpcChild.start(join(DIST_BENCH, 'lib', 'server-process.js'), 'api-server', { execArgv });
  const info = await child.call<StartedServer>('start', opts);
  return { child, info };
}

/** A bench knob from the environment (e.g. BENCH_CONFIGMAPS=1000 for a quick run). */
export function knob(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}
