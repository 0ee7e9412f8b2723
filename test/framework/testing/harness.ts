/**
 * Test harness for the local API server: runs the real kubectl and helm against it, each harness in
 * its own temporary HOME with its own kube and helm caches, and polls for conditions with a bound.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalApiServer } from '../../../framework/testing/index.js';

export const KUBECTL = join(process.cwd(), 'tools', 'bin', 'kubectl');
export const HELM = join(process.cwd(), 'tools', 'bin', 'helm');
export const SYSTEM_KUBECTL = '/usr/bin/kubectl';
export const hasSystemKubectl = existsSync(SYSTEM_KUBECTL);

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Clients {
  dir: string;
  kubeconfig: string;
  /** Writes a file under the harness directory and returns its path. */
  file(name: string, content: string): Promise<string>;
  kubectl(args: string[], opts?: { input?: string; kubeconfig?: string; binary?: string }): Promise<RunResult>;
  helm(args: string[], env?: Record<string, string>): Promise<RunResult>;
  cleanup(): Promise<void>;
}

export async function clientsFor(server: LocalApiServer, kubeconfigYaml?: string): Promise<Clients> {
  const dir = await mkdtemp(join(tmpdir(), 'kryton-apiserver-'));
  const home = join(dir, 'home');
  await mkdir(home);
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, kubeconfigYaml ?? server.kubeconfig(), { mode: 0o600 });
  const env = {
    HOME: home,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    KUBECONFIG: kubeconfig,
    KUBECACHEDIR: join(dir, 'kube-cache'),
    HELM_CACHE_HOME: join(dir, 'helm-cache'),
    HELM_CONFIG_HOME: join(dir, 'helm-config'),
    HELM_DATA_HOME: join(dir, 'helm-data'),
  };
  const run = async (bin: string, args: string[], input?: string, extraEnv: Record<string, string> = {}): Promise<RunResult> => {
    const r = await execa(bin, args, { env: { ...env, ...extraEnv }, extendEnv: false, reject: false, input, timeout: 60_000, cwd: dir });
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  return {
    dir,
    kubeconfig,
    async file(name, content) {
      const p = join(dir, name);
      await mkdir(join(p, '..'), { recursive: true });
      await writeFile(p, content);
      return p;
    },
    kubectl: (args, opts = {}) => run(opts.binary ?? KUBECTL, args, opts.input, opts.kubeconfig ? { KUBECONFIG: opts.kubeconfig } : {}),
    helm: (args, extraEnv) => run(HELM, args, undefined, extraEnv),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export { waitFor } from '../../support/wait-for.js';

/** Fails with the command's output when it did not succeed. */
export function ok(r: RunResult): string {
  if (r.exitCode !== 0) throw new Error(`command failed (${r.exitCode}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}
