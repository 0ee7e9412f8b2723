/**
 * Runs the verified helm binary for chart tests, with its own empty HELM_* directories so no
 * repository configuration or cache of the machine leaks in.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { type KubeObject } from '../../framework/index.js';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const helmBinary = join(repoRoot, 'tools', 'bin', 'helm');
export const kubectlBinary = join(repoRoot, 'tools', 'bin', 'kubectl');
export const krytonChart = join(repoRoot, 'chart', 'kryton');
export const operatorChart = join(repoRoot, 'chart', 'kryton-operator');

export interface HelmResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A helm with private config, cache and data directories; `dispose()` removes them. */
export class Helm {
  private constructor(private readonly home: string, private readonly extraEnv: Record<string, string>) {}

  static async create(extraEnv: Record<string, string> = {}): Promise<Helm> {
    return new Helm(await mkdtemp(join(tmpdir(), 'kryton-helm-test-')), extraEnv);
  }

  async run(args: string[]): Promise<HelmResult> {
    const result = await execa(helmBinary, args, {
      reject: false,
      env: {
        HELM_CACHE_HOME: join(this.home, 'cache'),
        HELM_CONFIG_HOME: join(this.home, 'config'),
        HELM_DATA_HOME: join(this.home, 'data'),
        ...this.extraEnv,
      },
      extendEnv: false,
    });
    return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
  }

  /** `helm template`, parsed into objects; throws with helm's message when rendering fails. */
  async template(chart: string, releaseName: string, namespace: string, valuesFile?: string, extra: string[] = []): Promise<KubeObject[]> {
    const args = ['template', releaseName, chart, '--namespace', namespace, ...extra];
    if (valuesFile) args.push('--values', valuesFile);
    const result = await this.run(args);
    if (result.exitCode !== 0) throw new Error(`helm template failed: ${result.stderr}`);
    return parseObjects(result.stdout);
  }

  async dispose(): Promise<void> {
    await rm(this.home, { recursive: true, force: true });
  }
}

/** Parses a multi-document YAML stream into objects, skipping empty documents. */
export function parseObjects(stream: string): KubeObject[] {
  return parseAllDocuments(stream)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null && typeof object === 'object');
}
