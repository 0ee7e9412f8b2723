/**
 * `kryton-operator run` as a separate process, as a pod runs it: its own ServiceAccount kubeconfig,
 * the (wrapped) real helm, probes on OS-assigned ports. It leads its own process group so a SIGKILL
 * reaches the helm children too, as a container runtime's kill would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type E2eCluster, OPERATOR_NAMESPACE } from './e2e-cluster.js';
import { operatorEntry } from './paths.js';
import { processGroupMembers } from './process-tree.js';
import { waitFor, waitForValue } from './wait-for.js';

export interface OperatorProcessOptions {
  /** Pod-name-like identity (the Lease holder identity); also names the log file. */
  identity: string;
  /** Extra `run` flags (e.g. ['--resync-seconds', '0']). */
  extraArgs?: string[];
}

export class OperatorProcess {
  private exitCode: number | null = null;
  private exitSignal: NodeJS.Signals | null = null;
  private readonly exited: Promise<void>;
  private healthPortValue?: number;

  private constructor(private readonly child: ChildProcess, readonly identity: string, readonly logPath: string) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        resolve();
      });
    });
  }

  /** Spawns the operator and waits until it has bound its probe ports. */
  static async start(cluster: E2eCluster, options: OperatorProcessOptions): Promise<OperatorProcess> {
    const logDir = join(cluster.dir, 'operator-logs');
    const tmp = join(cluster.dir, 'operator-tmp');
    mkdirSync(logDir, { recursive: true });
    mkdirSync(tmp, { recursive: true });
    let n = 0;
    let logPath: string;
    do logPath = join(logDir, `${options.identity}-${n++}.log`);
    while (existsSync(logPath));
    const fd = openSync(logPath, 'a');
    const args = [
      operatorEntry, 'run',
      '--kubeconfig', cluster.operatorKubeconfig,
      '--metrics-address', '127.0.0.1:0',
      '--health-address', '127.0.0.1:0',
      '--lease-namespace', OPERATOR_NAMESPACE,
      '--log-format', 'json',
      '--log-level', 'debug',
      '--helm-binary', cluster.helmShim.path,
      ...(options.extraArgs ?? []),
    ];
    const child = spawn(process.execPath, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: tmp, POD_NAME: options.identity, POD_NAMESPACE: OPERATOR_NAMESPACE },
    });
    closeSync(fd);
    // The suite ends every operator itself (E2eCluster.stop kills any a failed test left running);
    // a forgotten one must not keep the test runner alive.
    child.unref();
    const operator = new OperatorProcess(child, options.identity, logPath);
    cluster.track(operator);
    try {
      await operator.readPorts();
    } catch (error) {
      await operator.kill();
      throw error;
    }
    return operator;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitCode === null && this.exitSignal === null;
  }

  get healthPort(): number {
    return this.healthPortValue ?? 0;
  }

  log(): string {
    return readFileSync(this.logPath, 'utf8');
  }

  /** The last lines of the log, for failure messages. */
  logTail(lines = 30): string {
    return this.log().trimEnd().split('\n').slice(-lines).join('\n');
  }

  private async readPorts(): Promise<void> {
    const line = await waitForValue(`operator ${this.identity} to bind its probe ports`, () => {
      if (!this.running) throw new Error(`operator ${this.identity} exited (${this.exitCode ?? this.exitSignal}) before starting:\n${this.logTail()}`);
      return this.log().split('\n').find((l) => l.includes('"healthPort"'));
    }, { timeoutMs: 30_000, describe: () => this.logTail(5) });
    const parsed = JSON.parse(line) as { healthPort: number };
    this.healthPortValue = parsed.healthPort;
  }

  async probe(path: '/healthz' | '/readyz'): Promise<number> {
    try {
      const response = await fetch(`http://127.0.0.1:${this.healthPort}${path}`, { signal: AbortSignal.timeout(5_000) });
      return response.status;
    } catch {
      return 0;
    }
  }

  async waitReady(timeoutMs = 30_000): Promise<void> {
    await waitFor(`operator ${this.identity} /readyz`, async () => {
      if (!this.running) throw new Error(`operator ${this.identity} exited:\n${this.logTail()}`);
      return (await this.probe('/readyz')) === 200;
    }, { timeoutMs, intervalMs: 100 });
  }

  /** helm processes of this operator alive right now (`sh` is the counting wrapper before it execs helm). */
  helmChildren(): number {
    return processGroupMembers(this.pid).filter((p) => p.comm === 'helm' || p.comm === 'sh').length;
  }

  /** SIGKILL to the whole process group (the operator and its helm children), as a node failure would; resolves once none is left. */
  async kill(): Promise<void> {
    const pgid = this.pid;
    if (pgid > 0 && (this.running || processGroupMembers(pgid).length > 0)) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
    await this.exited;
    await waitFor(`process group ${pgid} to be gone`, () => processGroupMembers(pgid).length === 0, { timeoutMs: 10_000 });
  }

  /** SIGTERM, as a rolling update sends; SIGKILL of the group if it does not exit in time. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([
      this.exited.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!stopped || processGroupMembers(this.pid).length > 0) await this.kill();
  }
}
