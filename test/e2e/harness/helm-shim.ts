/**
 * A two-line wrapper the operator is given as its --helm-binary: it records each invocation (pid
 * and verb) in a file, then execs the real, verified helm. The suites count helm runs with it,
 * which no sampling of the process table could do for short-lived children.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helmBinary } from './paths.js';

export interface HelmCall {
  pid: number;
  verb: string;
}

function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

export class HelmShim {
  readonly path: string;
  private readonly logPath: string;

  constructor(dir: string) {
    this.path = join(dir, 'helm');
    this.logPath = join(dir, 'helm-calls.log');
    writeFileSync(this.path, `#!/bin/sh\necho "$$ $1" >> ${singleQuoted(this.logPath)}\nexec ${singleQuoted(helmBinary)} "$@"\n`);
    chmodSync(this.path, 0o755);
  }

  /** Every helm invocation so far, in order. */
  calls(): HelmCall[] {
    if (!existsSync(this.logPath)) return [];
    return readFileSync(this.logPath, 'utf8').split('\n').filter((line) => line !== '').map((line) => {
      const [pid, verb = ''] = line.split(' ');
      return { pid: Number(pid), verb };
    });
  }

  /** Invocations that change a release (upgrade, install, rollback, uninstall). */
  mutatingCalls(): HelmCall[] {
    return this.calls().filter((c) => ['upgrade', 'install', 'rollback', 'uninstall'].includes(c.verb));
  }
}
