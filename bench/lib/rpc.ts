/**
 * A tiny request/response protocol over the IPC channel of a forked process, so each contender and
 * the API server run in their own process (their RSS is their own) and the driver asks them things.
 */
import { type ChildProcess, fork } from 'node:child_process';

interface Request {
  rpc: number;
  method: string;
  args: unknown[];
}

interface Response {
  rpc: number;
  result?: unknown;
  error?: string;
}

export type RpcHandlers = Record<string, (...args: never[]) => unknown>;

/** In the child: answers requests with the given handlers until the parent disconnects. */
export function serveRpc(handlers: RpcHandlers): void {
  if (!process.send) throw new Error('serveRpc: this module must be started with child_process.fork');
  process.on('message', (message: Request) => {
    void (async () => {
      const reply = (r: Omit<Response, 'rpc'>): void => {
        process.send?.({ rpc: message.rpc, ...r });
      };
      const handler = handlers[message.method];
      if (!handler) return reply({ error: `unknown method ${message.method}` });
      try {
        reply({ result: await (handler as (...args: unknown[]) => unknown)(...message.args) });
      } catch (error) {
        reply({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));
}

/** In the parent: one forked child answering `call(method, ...args)`. */
export class RpcChild {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;

  private constructor(readonly process: ChildProcess, readonly label: string) {
    process.on('message', (m: Response) => {
      const p = this.pending.get(m.rpc);
      if (!p) return;
      this.pending.delete(m.rpc);
      if (m.error !== undefined) p.reject(new Error(`${label}: ${m.error}`));
      else p.resolve(m.result);
    });
    process.on('exit', (code, signal) => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`${label} exited (code ${code}, signal ${signal}) before answering`));
      this.pending.clear();
    });
  }

  static start(modulePath: string, label: string, options: { args?: string[]; execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}): RpcChild {
    const child = fork(modulePath, options.args ?? [], {
      execArgv: options.execArgv ?? [],
      env: options.env ?? process.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new RpcChild(child, label);
  }

  call<T>(method: string, ...args: unknown[]): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.label} has exited`));
    const rpc = ++this.next;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(rpc, { resolve: resolve as (v: unknown) => void, reject });
      this.process.send({ rpc, method, args } satisfies Request);
    });
  }

  /** Disconnects (the child exits on its own) and waits, killing it after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    if (this.process.connected) this.process.disconnect();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
