/**
 * A helm wrapper that appends its subcommand to a log, then execs the real helm with the same
 * arguments: the benchmark counts helm processes without changing what the operator runs.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function quoted(path: string): string {
  if (path.includes("'")) throw new Error(`path ${path} contains a single quote; move the benchmark to another folder`);
  return `'${path}'`;
}

export class CountingHelm {
  readonly binary: string;
  private readonly log: string;

  constructor(dir: string, realHelm: string) {
    this.binary = join(dir, 'helm');
    this.log = join(dir, 'helm-calls.log');
    writeFileSync(this.binary, `#!/bin/sh\nprintf '%s\\n' "$1" >> ${quoted(this.log)}\nexec ${quoted(realHelm)} "$@"\n`);
    chmodSync(this.binary, 0o755);
  }

  /** Helm processes started so far, by subcommand. */
  calls(): Record<string, number> {
    const out: Record<string, number> = {};
    if (!existsSync(this.log)) return out;
    for (const line of readFileSync(this.log, 'utf8').split('\n')) if (line) out[line] = (out[line] ?? 0) + 1;
    return out;
  }

  total(): number {
    return Object.values(this.calls()).reduce((a, b) => a + b, 0);
  }
}
