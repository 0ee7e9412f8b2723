/** Where the pieces the end-to-end suites drive live in the repository. */
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');
export const kubectlBinary = join(repoRoot, 'tools', 'bin', 'kubectl');
export const helmBinary = join(repoRoot, 'tools', 'bin', 'helm');
export const operatorEntry = join(repoRoot, 'bin', 'kryton-operator.js');
export const crdBundle = join(repoRoot, 'deploy', 'kryton-crds.yaml');
export const operatorChart = join(repoRoot, 'chart', 'kryton-operator');
export const samplesDir = join(repoRoot, 'deploy', 'samples');
