/**
 * The helm CLI, run through execa: the I/O edge of the release handler. It owns the rules every
 * helm process follows — one per release at a time, a global cap, a private writable helm home,
 * values only in a 0600 temp file, secrets trimmed out of errors — and it keeps track of running
 * children so a shutdown can stop them cleanly (helm marks a release `failed` on SIGTERM; only a
 * SIGKILL leaves it `pending-*`).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { KeyedMutex, Semaphore } from './concurrency.js';
import { historyArgs, rollbackArgs, statusArgs, uninstallArgs, upgradeArgs, type RollbackOptions, type UninstallOptions, type UpgradeOptions } from './helm-args.js';
import { secretStringsIn, trimHelmMessage } from './helm-message.js';
import type { ReleaseStatus } from './release-state.js';

export interface HelmCliOptions {
  /** The verified helm binary (see locateBinary). */
  binary: string;
  /**
   * Kubeconfig for helm. Unset: $KUBECONFIG, else the in-cluster service account in a pod, else
   * ~/.kube/config (helm runs with a private HOME, so the path is resolved here).
   */
  kubeconfigPath?: string;
  /** Most helm processes running at once, across all releases. */
  maxConcurrent: number;
  /** After SIGTERM, how long a helm child gets before SIGKILL. */
  terminateGraceSeconds: number;
  /** Parent of the private helm home; defaults to the OS temp dir. */
  workDir?: string;
}

/** A helm command that exited non-zero (or was stopped); `message` is trimmed and redacted. */
export class HelmCommandError extends Error {
  constructor(
    readonly verb: string,
    readonly release: string,
    readonly exitCode: number | undefined,
    readonly helmMessage: string,
    readonly terminated: boolean,
  ) {
    super(`helm ${verb} of release ${release} failed: ${helmMessage}`);
    this.name = 'HelmCommandError';
  }

  /** helm's answer when the release has no stored revision. */
  get isReleaseNotFound(): boolean {
    return /release: not found/i.test(this.helmMessage);
  }
}

export interface ReleaseInfo {
  revision: number;
  status: ReleaseStatus | string;
}

export interface HistoryEntry {
  revision: number;
  status: string;
  chart: string;
  appVersion: string;
  description: string;
}

export type UpgradeRequest = Omit<UpgradeOptions, 'valuesFile'> & { values: Record<string, unknown> };

/** Environment variables passed through to helm (proxies, temp dir, in-cluster discovery). */
const PASS_THROUGH = ['PATH', 'TMPDIR', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT'];

/** Every HelmCli not yet disposed, so a shutdown can reach all helm children. */
const live = new Set<HelmCli>();

/**
 * Operator shutdown: SIGTERM to every running helm child of every HelmCli, resolved once all have
 * exited; their private helm homes are removed too.
 */
export async function terminateAll(): Promise<void> {
  await Promise.all([...live].map((cli) => cli.dispose()));
}

/** The kubeconfig helm should use, or undefined for the in-cluster service account. */
export function resolveHelmKubeconfig(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (explicit) return explicit;
  if (env.KUBECONFIG) return env.KUBECONFIG;
  if (env.KUBERNETES_SERVICE_HOST) return undefined;
  const fallback = join(homedir(), '.kube', 'config');
  return existsSync(fallback) ? fallback : undefined;
}

export class HelmCli {
  private readonly perRelease = new KeyedMutex();
  private readonly slots: Semaphore;
  private readonly running = new Set<ResultPromise>();
  private home?: Promise<string>;
  private closing = false;
  private spawned = 0;

  private readonly kubeconfigPath?: string;

  constructor(private readonly options: HelmCliOptions) {
    this.slots = new Semaphore(options.maxConcurrent);
    const kubeconfig = resolveHelmKubeconfig(options.kubeconfigPath);
    if (kubeconfig) this.kubeconfigPath = kubeconfig;
    live.add(this);
  }

  /** helm processes started by this instance so far (for tests and benchmarks). */
  get spawnCount(): number {
    return this.spawned;
  }

  /** helm processes running right now. */
  get runningCount(): number {
    return this.running.size;
  }

  /** `helm upgrade --install`; the values go through a temp file removed afterwards. */
  async upgradeInstall(request: UpgradeRequest, signal?: AbortSignal): Promise<ReleaseInfo> {
    const { values, ...rest } = request;
    return this.withValuesFile(values, async (valuesFile) => {
      const stdout = await this.run('upgrade', request.release, request.namespace, upgradeArgs({ ...rest, valuesFile }), secretStringsIn(values), signal);
      return parseReleaseInfo(stdout, request.release);
    });
  }

  /** `helm status`; undefined when there is no such release. */
  async status(release: string, namespace: string, signal?: AbortSignal): Promise<ReleaseInfo | undefined> {
    try {
      return parseReleaseInfo(await this.run('status', release, namespace, statusArgs(release, namespace), [], signal), release);
    } catch (error) {
      if (error instanceof HelmCommandError && error.isReleaseNotFound) return undefined;
      throw error;
    }
  }

  /** `helm history`, oldest first; empty when there is no such release. */
  async history(release: string, namespace: string, max = 20, signal?: AbortSignal): Promise<HistoryEntry[]> {
    let stdout: string;
    try {
      stdout = await this.run('history', release, namespace, historyArgs(release, namespace, max), [], signal);
    } catch (error) {
      if (error instanceof HelmCommandError && error.isReleaseNotFound) return [];
      throw error;
    }
    const rows = JSON.parse(stdout) as Array<{ revision: number; status: string; chart: string; app_version: string; description: string }>;
    return rows.map((r) => ({ revision: r.revision, status: r.status, chart: r.chart, appVersion: r.app_version, description: r.description }));
  }

  async rollback(options: RollbackOptions, signal?: AbortSignal): Promise<void> {
    await this.run('rollback', options.release, options.namespace, rollbackArgs(options), [], signal);
  }

  /** `helm uninstall --wait`: resolves once the release's objects are gone; a missing release is fine. */
  async uninstall(options: UninstallOptions, signal?: AbortSignal): Promise<void> {
    await this.run('uninstall', options.release, options.namespace, uninstallArgs(options), [], signal);
  }

  /**
   * Shutdown: refuses new helm runs, sends SIGTERM to every running helm (SIGKILL after the grace
   * period) and resolves once all have exited.
   */
  async terminateAll(): Promise<void> {
    this.closing = true;
    const children = [...this.running];
    for (const child of children) child.kill('SIGTERM');
    await Promise.allSettled(children);
  }

  /** Removes the private helm home (after terminateAll). */
  async dispose(): Promise<void> {
    live.delete(this);
    await this.terminateAll();
    const home = this.home;
    this.home = undefined;
    if (home) await rm(await home, { recursive: true, force: true });
  }

  private helmHome(): Promise<string> {
    this.home ??= (async () => {
      const dir = await mkdtemp(join(this.options.workDir ?? tmpdir(), 'kryton-helm-'));
      await Promise.all(['cache', 'config', 'data', 'values'].map((sub) => mkdir(join(dir, sub), { mode: 0o700 })));
      return dir;
    })();
    return this.home;
  }

  private async withValuesFile<T>(values: Record<string, unknown>, use: (path: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(await this.helmHome(), 'values', 'v-'));
    const path = join(dir, 'values.json');
    try {
      // JSON is YAML; the file is readable by this user only and removed right after the run.
      await writeFile(path, JSON.stringify(values), { mode: 0o600, flag: 'wx' });
      return await use(path);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async environment(): Promise<Record<string, string>> {
    const home = await this.helmHome();
    const env: Record<string, string> = {};
    for (const name of PASS_THROUGH) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    return {
      ...env,
      HOME: home,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
      HELM_DRIVER: 'secret',
    };
  }

  private run(verb: string, release: string, namespace: string, args: string[], knownSecrets: string[], signal?: AbortSignal): Promise<string> {
    return this.perRelease.run(`${namespace}/${release}`, () =>
      this.slots.run(async () => {
        if (this.closing) throw new HelmCommandError(verb, release, undefined, 'the operator is shutting down; not starting helm', true);
        if (signal?.aborted) throw new HelmCommandError(verb, release, undefined, 'cancelled before helm started', true);
        const kubeconfig = this.kubeconfigPath ? ['--kubeconfig', this.kubeconfigPath] : [];
        const child = execa(this.options.binary, [...args, ...kubeconfig], {
          env: await this.environment(),
          extendEnv: false,
          stdin: 'ignore',
          reject: false,
          forceKillAfterDelay: this.options.terminateGraceSeconds * 1000,
          ...(signal ? { cancelSignal: signal } : {}),
        });
        this.spawned += 1;
        this.running.add(child);
        try {
          const result = await child;
          if (result.exitCode === 0 && !result.isTerminated) return result.stdout;
          // helm exits on its own after SIGTERM (marking the release failed), so a shutdown counts as a stop too.
          const stopped = result.isTerminated || result.isCanceled || this.closing;
          const message = trimHelmMessage(result.stderr, knownSecrets);
          throw new HelmCommandError(verb, release, result.exitCode, stopped ? `helm was stopped (${result.signal ?? 'cancelled'}): ${message}` : message, stopped);
        } finally {
          this.running.delete(child);
        }
      }),
    );
  }
}

function parseReleaseInfo(stdout: string, release: string): ReleaseInfo {
  let parsed: { version?: unknown; info?: { status?: unknown } };
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    throw new Error(`helm printed no JSON release description for ${release}`);
  }
  if (typeof parsed.version !== 'number') throw new Error(`helm's description of release ${release} has no revision number`);
  return { revision: parsed.version, status: typeof parsed.info?.status === 'string' ? parsed.info.status : 'unknown' };
}
