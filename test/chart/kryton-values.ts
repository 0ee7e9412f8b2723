/**
 * The sample Kryton objects, and the values kryton-operator hands the kryton chart for each: its
 * spec.values with the operator's keys (fullnameOverride, the bundled PostgreSQL's name, image.tag)
 * laid over them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildReleaseValues } from '../../handlers/helm-release/release-values.js';
import { type Kryton } from '../../handlers/kryton/types.js';
import { parseObjects, repoRoot } from './helm-cli.js';

export const SAMPLE_FILES = [
  'kryton_v1alpha1_kryton_minimal.yaml',
  'kryton_v1alpha1_kryton.yaml',
  'kryton_v1alpha1_kryton_with_plugins.yaml',
  'kryton_v1alpha1_kryton_multi.yaml',
];

/** What the operator's Helm handler passes the chart for this Kryton (the real function). */
export function injectedValues(kryton: Kryton): Record<string, unknown> {
  return buildReleaseValues(kryton);
}

export async function sampleKrytons(): Promise<Array<{ file: string; kryton: Kryton }>> {
  const found: Array<{ file: string; kryton: Kryton }> = [];
  for (const file of SAMPLE_FILES) {
    const text = await readFile(join(repoRoot, 'deploy', 'samples', file), 'utf8');
    for (const object of parseObjects(text)) {
      if (object.kind === 'Kryton') found.push({ file, kryton: object as Kryton });
    }
  }
  return found;
}
