/**
 * The operator runs from dist/, as users run it. `npm test` builds before the suites run; a suite
 * started on its own (`npm run test:unit -- test/e2e/…`) builds here when a source file is newer
 * than the build. A lock directory makes parallel suites share one build.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { delay } from './wait-for.js';
import { repoRoot } from './paths.js';

const SOURCE_DIRS = ['framework', 'handlers'];
const BUILT_ENTRY = join(repoRoot, 'dist', 'handlers', 'cli', 'main.js');

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsFresh(): boolean {
  let built: number;
  try {
    built = statSync(BUILT_ENTRY).mtimeMs;
  } catch {
    return false;
  }
  return SOURCE_DIRS.every((dir) => newestSourceMtime(join(repoRoot, dir)) <= built);
}

/** Builds dist/ once if it is missing or older than the sources. */
export async function ensureBuilt(): Promise<void> {
  if (buildIsFresh()) return;
  const lock = join(tmpdir(), `kryton-e2e-build-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) throw new Error(`another build holds ${lock} for over 3 minutes; remove it if no build is running`);
      await delay(250);
    }
  }
  try {
    if (buildIsFresh()) return;
    const result = await execa('npm', ['run', 'build'], { cwd: repoRoot, reject: false, all: true });
    if (result.exitCode !== 0) throw new Error(`npm run build failed:\n${String(result.all)}`);
  } finally {
    rmdirSync(lock);
  }
}
