/**
 * A LocalApiServer with a kubeconfig on disk, and the real kubectl and helm pointed at it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { LocalApiServer, type LocalApiServerOptions } from '../../framework/testing/index.js';
import { Helm, kubectlBinary, repoRoot } from '../chart/helm-cli.js';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export class LocalCluster {
  private constructor(
    readonly server: LocalApiServer,
    private readonly dir: string,
    readonly kubeconfig: string,
    readonly helm: Helm,
  ) {}

  static async start(options: LocalApiServerOptions = {}): Promise<LocalCluster> {
    const server = await LocalApiServer.start(options);
    const dir = await mkdtemp(join(tmpdir(), 'kryton-local-cluster-'));
    const kubeconfig = join(dir, 'kubeconfig');
    server.writeKubeconfig(kubeconfig);
    const helm = await Helm.create({ KUBECONFIG: kubeconfig });
    return new LocalCluster(server, dir, kubeconfig, helm);
  }

  /** A kubeconfig that authenticates as a ServiceAccount (for RBAC-enforcing servers). */
  serviceAccountKubeconfig(namespace: string, name: string): string {
    const path = join(this.dir, `kubeconfig-${namespace}-${name}`);
    this.server.writeKubeconfig(path, { serviceAccount: { namespace, name } });
    return path;
  }

  async kubectl(args: string[], input?: string, kubeconfig = this.kubeconfig): Promise<CliResult> {
    const result = await execa(kubectlBinary, args, {
      reject: false,
      input,
      cwd: repoRoot,
      env: { KUBECONFIG: kubeconfig, HOME: this.dir },
      extendEnv: false,
    });
    return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
  }

  /** kubectl that must succeed; returns stdout. */
  async kubectlOk(args: string[], input?: string, kubeconfig?: string): Promise<string> {
    const result = await this.kubectl(args, input, kubeconfig);
    if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }

  async stop(): Promise<void> {
    await this.helm.dispose();
    await this.server.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
