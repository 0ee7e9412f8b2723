/** Where benchmarks read and write: results/ for JSON, the docs for the generated report. */
import { join } from 'node:path';
import { packageRoot } from '../../handlers/package-root.js';

export const ROOT = packageRoot();
export const RESULTS_DIR = join(ROOT, 'bench', 'results');
/** Compiled benchmark modules (tsc -p bench/tsconfig.json). */
export const DIST_BENCH = join(ROOT, 'dist', 'bench');
