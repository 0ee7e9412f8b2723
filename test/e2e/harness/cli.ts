/** The real kubectl and helm, each with a private HOME and helm directories so nothing of the machine leaks in. */
import { join } from 'node:path';
import { execa } from 'execa';
import { helmBinary, kubectlBinary, repoRoot } from './paths.js';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export class CliFailed extends Error {
  constructor(command: string, result: CliResult) {
    super(`${command} exited ${result.exitCode}: ${result.stderr || result.stdout}`);
    this.name = 'CliFailed';
  }
}

export class Cli {
  constructor(private readonly home: string, private readonly kubeconfig: string) {}

  async kubectl(args: string[], input?: string): Promise<CliResult> {
    return this.exec(kubectlBinary, args, input);
  }

  /** kubectl that must succeed; returns stdout. */
  async kubectlOk(args: string[], input?: string): Promise<string> {
    const result = await this.kubectl(args, input);
    if (result.exitCode !== 0) throw new CliFailed(`kubectl ${args.join(' ')}`, result);
    return result.stdout;
  }

  async helm(args: string[]): Promise<CliResult> {
    return this.exec(helmBinary, args);
  }

  async helmOk(args: string[]): Promise<string> {
    const result = await this.helm(args);
    if (result.exitCode !== 0) throw new CliFailed(`helm ${args.join(' ')}`, result);
    return result.stdout;
  }

  private async exec(binary: string, args: string[], input?: string): Promise<CliResult> {
    const result = await execa(binary, args, {
      reject: false,
      cwd: repoRoot,
      ...(input === undefined ? {} : { input }),
      env: {
        KUBECONFIG: this.kubeconfig,
        HOME: this.home,
        HELM_CACHE_HOME: join(this.home, 'helm-cache'),
        HELM_CONFIG_HOME: join(this.home, 'helm-config'),
        HELM_DATA_HOME: join(this.home, 'helm-data'),
      },
      extendEnv: false,
      timeout: 60_000,
    });
    return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
  }
}
