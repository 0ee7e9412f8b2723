/** `kryton-operator local-cluster`: runs the local in-memory Kubernetes API server until interrupted. */
import { type Command } from 'commander';
import { resolve } from 'node:path';
import { LocalApiServer } from '../../framework/testing/index.js';

interface LocalClusterOptions {
  kubeconfigOut: string;
  port: string;
  plainHttp?: boolean;
  rbac?: boolean;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got "${text}"`);
  return port;
}

export function registerLocalCluster(program: Command): void {
  program
    .command('local-cluster')
    .description('run a local in-memory Kubernetes API server (for kubectl, helm and tests) until SIGINT/SIGTERM')
    .requiredOption('--kubeconfig-out <file>', 'where to write the kubeconfig for the cluster admin')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--plain-http', 'serve plain HTTP instead of HTTPS with a generated CA')
    .option('--rbac', 'enforce RBAC (ServiceAccount tokens, Roles, bindings, impersonation)')
    .action(async (opts: LocalClusterOptions) => {
      const server = await LocalApiServer.start({ port: parsePort(opts.port), tls: !opts.plainHttp, rbac: opts.rbac ?? false });
      const file = resolve(opts.kubeconfigOut);
      server.writeKubeconfig(file);
      console.log(`local API server ready at ${server.url} (kubeconfig: ${file})`);
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          done();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.stop();
    });
}
