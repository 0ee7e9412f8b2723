/**
 * Runs a rendered backup/restore pod's containers on this machine, one after the other as the
 * kubelet would (init containers first): env and argv resolved from the manifest alone, the
 * shared emptyDir stood in for by a temp folder, the operator image's entrypoint by the built
 * CLI, the postgres image's binaries by the machine's PostgreSQL 15.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Container, PodTemplate } from '../../../../handlers/backup/batch-shapes.js';
import { DUMP_DIR } from '../../../../handlers/backup/pod-parts.js';
import { packageRoot } from '../../../../handlers/package-root.js';
import { resolveArgv, resolveEnv, type SecretObject } from './kubelet.js';
import { PG_BIN } from './throwaway-postgres.js';

const run = promisify(execFile);
export const CLI = join(packageRoot(), 'bin', 'kryton-operator.js');

export interface StepResult {
  container: string;
  argv: string[];
  env: Record<string, string>;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Fails with a clear message when dist/ is missing or older than the backup sources it runs. */
export function assertCliBuilt(): void {
  const built = join(packageRoot(), 'dist', 'handlers', 'cli', 'backup.js');
  if (!existsSync(built)) throw new Error('dist/ has no backup CLI: run `npm run build` before these tests');
  const builtAt = statSync(built).mtimeMs;
  const sources = [
    join(packageRoot(), 'handlers', 'cli', 'backup.ts'),
    ...readdirSync(join(packageRoot(), 'handlers', 'backup')).map((f) => join(packageRoot(), 'handlers', 'backup', f)),
  ];
  const newer = sources.filter((s) => statSync(s).mtimeMs > builtAt);
  if (newer.length > 0) throw new Error(`dist/ is older than ${newer.join(', ')}: run \`npm run build\` before these tests`);
}

/** The container's argv with the pod's mount of the shared volume mapped onto `volumeDir`. */
function mapMount(argv: string[], volumeDir: string): string[] {
  return argv.map((part) => part.replace(new RegExp(`(^|=)${DUMP_DIR}/`), `$1${volumeDir}/`));
}

export async function runContainer(container: Container, secrets: readonly SecretObject[], volumeDir: string, cwd: string): Promise<StepResult> {
  const env = resolveEnv(container, secrets);
  const argv = mapMount(resolveArgv(container, env, [process.execPath, CLI]), volumeDir);
  const processEnv = { ...env, PATH: `${PG_BIN}:/usr/bin:/bin`, HOME: cwd };
  try {
    const { stdout, stderr } = await run(argv[0], argv.slice(1), { env: processEnv, cwd, timeout: 120_000 });
    return { container: container.name, argv, env, exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { container: container.name, argv, env, exitCode: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Runs init containers then containers; stops at the first failure, like a pod that fails. */
export async function runPod(pod: PodTemplate['spec'], secrets: readonly SecretObject[], volumeDir: string, cwd: string): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const container of [...pod.initContainers, ...pod.containers]) {
    const result = await runContainer(container, secrets, volumeDir, cwd);
    results.push(result);
    if (result.exitCode !== 0) break;
  }
  return results;
}
