/**
 * `kryton-operator dev`: the operator on this machine with no cluster. It starts the local in-memory
 * API server (HTTPS), writes a kubeconfig to a stable path, installs the CRD bundle with the real
 * kubectl as a user would, runs the operator in this process with readable logs, and on request
 * applies the samples. Ctrl-C stops the operator (and its helm processes) and the server.
 */
import { type Command } from 'commander';
import { execa } from 'execa';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createKubeClient, createLogger, type ClosableKubeClient, type Logger, type Operator } from '../../framework/index.js';
// framework/testing/index.js is a public entry point; the lint pattern's negation cannot re-include a
// file under an excluded folder, hence the exception.
// eslint-disable-next-line no-restricted-imports
import { LocalApiServer } from '../../framework/testing/index.js';
import { buildKrytonOperator } from '../composition-root.js';
import { packageRoot } from '../package-root.js';
import { locateBinary } from '../tools/verified-binary.js';

export interface DevFlags {
  samples?: boolean;
  dir: string;
  port: string;
  logLevel: string;
  namespace: string;
}

/** What the ready banner needs to say. */
export interface DevInfo {
  url: string;
  kubeconfigPath: string;
  kubectlPath: string;
  helmPath: string;
  samples: boolean;
  namespace: string;
}

/** The line that tells scripts and tests the environment is up; the banner starts with it. */
export const READY_LINE = 'kryton-operator dev is ready';

const CRD_NAME = 'krytons.kryton.azrtydxb.io';
const STEPS = 4;

/** Pure: the banner printed once everything runs — how to reach it and what to try. */
export function readyBanner(info: DevInfo): string {
  const ns = info.namespace;
  return [
    '',
    READY_LINE,
    '',
    `  API server   ${info.url} (in memory, gone when this stops)`,
    `  kubeconfig   ${info.kubeconfigPath}`,
    '',
    '  No pods run here: there is no kubelet and no container runtime. The operator and helm act on the',
    '  API exactly as in a cluster, so you see the objects they create, not running applications.',
    '',
    '  In another terminal:',
    `    export KUBECONFIG=${info.kubeconfigPath}`,
    '    kubectl get krytons -A                # the bundled kubectl also works: ' + info.kubectlPath,
    '    helm list -A                          # the bundled helm also works: ' + info.helmPath,
    '',
    '  Try next:',
    ...(info.samples
      ? [
          `    kubectl describe kryton kryton-minimal -n ${ns}      # conditions and Events`,
          `    kubectl get deploy,statefulset,svc,secret -n ${ns}   # what the Helm releases created`,
          `    kubectl patch kryton kryton-minimal -n ${ns} --type merge -p '{"spec":{"version":"4.6.0"}}'   # an upgrade`,
          `    kubectl delete kryton kryton-minimal -n ${ns}        # the release is uninstalled`,
        ]
      : [
          `    kubectl apply -k deploy/samples -n ${ns}             # or restart with: npm run dev -- --samples`,
          `    kubectl get krytons -n ${ns} -w`,
        ]),
    '',
    '  Ctrl-C stops the operator, its helm processes and the API server.',
    '',
  ].join('\n');
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got "${text}"`);
  return port;
}

/** Everything `dev` started, stopped in reverse order. */
class DevSession {
  server?: LocalApiServer;
  client?: ClosableKubeClient;
  operator?: Operator;

  async stop(): Promise<void> {
    await this.operator?.stop();
    await this.client?.close();
    await this.server?.stop();
  }
}

function progress(step: number, text: string): void {
  console.log(`[${step}/${STEPS}] ${text}`);
}

async function kubectl(kubectlPath: string, kubeconfigPath: string, args: string[]): Promise<void> {
  const result = await execa(kubectlPath, ['--kubeconfig', kubeconfigPath, ...args], { reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')} failed (exit ${result.exitCode}):\n${result.all ?? ''}`);
}

async function startDev(flags: DevFlags, session: DevSession, logger: Logger): Promise<DevInfo> {
  const root = packageRoot();
  const dir = resolve(flags.dir);
  mkdirSync(dir, { recursive: true });
  const kubeconfigPath = join(dir, 'kubeconfig');
  const kubectlPath = locateBinary('kubectl');
  const helmPath = locateBinary('helm');

  progress(1, 'starting the local API server (HTTPS, in memory)…');
  session.server = await LocalApiServer.start({ tls: true, port: parsePort(flags.port) });
  session.server.writeKubeconfig(kubeconfigPath);

  progress(2, 'installing the CRDs: kubectl apply -f deploy/kryton-crds.yaml…');
  await kubectl(kubectlPath, kubeconfigPath, ['apply', '-f', join(root, 'deploy', 'kryton-crds.yaml')]);
  await kubectl(kubectlPath, kubeconfigPath, ['wait', '--for', 'condition=Established', `crd/${CRD_NAME}`, '--timeout', '60s']);

  progress(3, 'starting the operator (helm from tools/bin)…');
  session.client = createKubeClient({ kubeconfigPath, userAgent: 'kryton-operator' });
  session.operator = buildKrytonOperator({
    client: session.client,
    helmBinary: helmPath,
    kubeconfigPath,
    settings: { namespaces: 'all', concurrency: 4, leaderElection: false, logger, drainTimeoutSeconds: 10 },
  });
  await session.operator.start();

  if (flags.samples) {
    progress(4, `applying the samples: kubectl apply -k deploy/samples -n ${flags.namespace}…`);
    await kubectl(kubectlPath, kubeconfigPath, ['apply', '-k', join(root, 'deploy', 'samples'), '-n', flags.namespace]);
  } else {
    progress(4, 'no samples applied (add --samples to apply deploy/samples)');
  }
  return { url: session.server.url, kubeconfigPath, kubectlPath, helmPath, samples: flags.samples ?? false, namespace: flags.namespace };
}

/** Resolves on the first SIGINT/SIGTERM; a second one exits at once. */
function interrupted(): Promise<string> {
  return new Promise((done) => {
    const first = (signal: string): void => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      done(signal);
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}

export async function runDev(flags: DevFlags): Promise<void> {
  const logger = createLogger({ level: flags.logLevel, format: 'text' });
  const session = new DevSession();
  const stopRequested = interrupted();
  const started = startDev(flags, session, logger);
  try {
    const first = await Promise.race([started.then(() => 'started' as const), stopRequested]);
    if (first === 'started') {
      console.log(readyBanner(await started));
      await stopRequested;
    } else {
      // Interrupted mid-start: what was started is torn down below; a late failure is only reported.
      started.catch((error: unknown) => logger.warn('start interrupted', { error: error instanceof Error ? error.message : String(error) }));
    }
  } finally {
    console.log('stopping: operator (and its helm processes), then the API server…');
    await session.stop();
    console.log('stopped');
  }
}

export function registerDev(program: Command): void {
  program
    .command('dev')
    .description('run the operator against a local in-memory API server: no cluster needed, no pods run')
    .option('--samples', 'apply the sample Kryton objects and the backup credentials Secret from deploy/samples')
    .option('--dir <path>', 'where to write the kubeconfig (stable across runs)', '.kryton-dev')
    .option('--port <n>', 'API server port (0 picks a free one)', '0')
    .option('--namespace <ns>', 'namespace the samples go into', 'default')
    .option('--log-level <level>', 'error, warn, info, debug', 'info')
    .action((flags: DevFlags) => runDev(flags));
}
