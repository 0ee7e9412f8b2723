import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding the project's package.json, found by walking up from this module. The same
 * code runs from the TypeScript sources (tests) and from dist/ (the CLI and the image), so paths to
 * shipped assets (charts, CRDs, tools) are resolved from here rather than from the working directory.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'kryton-operator') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('kryton-operator: cannot find the package root (package.json) above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
