import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { registerLocalCluster } from './local-cluster.js';
import { registerBackup } from './backup.js';
import { registerRun } from './run.js';
import { registerDev } from './dev.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Builds the CLI. Each subcommand lives in its own module under handlers/cli/. */
export function buildProgram(): Command {
  const program = new Command('kryton-operator')
    .description('Kubernetes operator for Kryton: Helm release, Postgres backups, plugins and volume snapshots per Kryton object')
    .version(packageVersion(), '--version', 'print the version')
    .showHelpAfterError();
  program
    .command('version')
    .description('print the version')
    .action(() => {
      console.log(packageVersion());
    });
  registerLocalCluster(program);
  registerBackup(program);
  registerRun(program);
  registerDev(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
