/** The real operator CLI (`bin/kryton-operator.js run`) as a child process, stopped with SIGTERM. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../lib/paths.js';

export interface OperatorProcess {
  child: ChildProcess;
  /** Output so far (the operator logs warnings and errors only in benchmarks). */
  output(): string;
  stop(): Promise<number | null>;
}

export function startOperator(args: string[]): OperatorProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'kryton-operator.js'), 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const keep = (chunk: Buffer): void => {
    text = (text + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
