/**
 * Identity of the embedded chart: its version from Chart.yaml and a digest of every file in its
 * directory. The chart ships inside the operator and never changes while it runs, so both are
 * computed once per process and path.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface ChartIdentity {
  name: string;
  version: string;
  /** `sha256:<hex>` over the sorted relative paths and contents of every file. */
  digest: string;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Reads and hashes a chart directory (no caching). */
export function readChartIdentity(chartDir: string): ChartIdentity {
  let chart: { name?: unknown; version?: unknown };
  try {
    chart = parseYaml(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as { name?: unknown; version?: unknown };
  } catch (error) {
    throw new Error(`cannot read the chart at ${chartDir}: ${(error as Error).message}`, { cause: error });
  }
  if (typeof chart?.name !== 'string' || typeof chart.version !== 'string') {
    throw new Error(`${join(chartDir, 'Chart.yaml')} must have a string name and version`);
  }
  const hash = createHash('sha256');
  const files = listFiles(chartDir)
    .map((path) => ({ path, name: relative(chartDir, path).split(sep).join('/') }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const file of files) {
    const content = readFileSync(file.path);
    hash.update(`${file.name}\0${content.length}\0`);
    hash.update(content);
  }
  return { name: chart.name, version: chart.version, digest: `sha256:${hash.digest('hex')}` };
}

const cache = new Map<string, ChartIdentity>();

/** The chart's identity, read once per process for each path. */
export function chartIdentity(chartDir: string): ChartIdentity {
  let identity = cache.get(chartDir);
  if (!identity) {
    identity = readChartIdentity(chartDir);
    cache.set(chartDir, identity);
  }
  return identity;
}
