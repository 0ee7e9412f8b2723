/**
 * `kryton-operator run`: starts the operator. Every flag has an environment variable (flags win),
 * so the same image runs from a Deployment's env or a terminal. SIGTERM/SIGINT stop it gracefully.
 */
import { Option, type Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createKubeClient, createLogger, HealthServer, OperatorMetrics, type Logger } from '../../framework/index.js';
import { buildKrytonOperator } from '../composition-root.js';
import { addHelmReleaseOptions, helmReleaseSettingsFromFlags, type HelmReleaseFlags } from '../helm-release/release-cli-options.js';
import type { HelmReleaseSettings } from '../helm-release/release-settings.js';
import { terminateAll } from '../helm-release/helm-cli.js';
import { DEFAULT_JOB_IMAGES, type JobImages } from '../kryton/images.js';
import { locateBinary } from '../tools/verified-binary.js';

/** The flags as commander parsed them (strings; env fallbacks already applied). */
export interface RunFlags extends HelmReleaseFlags {
  kubeconfig?: string;
  namespaces: string;
  metricsAddress: string;
  healthAddress: string;
  leaderElect: boolean;
  leaseNamespace?: string;
  leaseName: string;
  logLevel: string;
  logFormat?: string;
  concurrency: string;
  resyncSeconds: string;
  postgresImage: string;
  pluginInstallerImage: string;
  operatorImage: string;
  helmBinary?: string;
}

/** Everything `run` needs, validated. */
export interface RunConfig {
  connection: { kubeconfigPath?: string; inCluster?: boolean };
  namespaces: 'all' | string[];
  metricsAddress: string;
  healthAddress: string;
  leaderElection: { namespace: string; name: string; identity: string } | false;
  log: { level: string; format: 'json' | 'text' };
  concurrency: number;
  resyncSeconds?: number;
  images: JobImages;
  helmBinary?: string;
  /** Overrides of the release handler's settings (--helm-* flags). */
  helmRelease?: Partial<HelmReleaseSettings>;
}

function positiveInteger(name: string, text: string, allowZero = false): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) throw new Error(`${name} must be a whole number ${allowZero ? '>= 0' : '>= 1'}, got "${text}"`);
  return value;
}

/**
 * Pure: turns flags and the environment into a run configuration. Kubeconfig: --kubeconfig, else
 * $KUBECONFIG, else in-cluster when running in a pod, else ~/.kube/config. Leader election is on
 * unless --no-leader-elect or LEADER_ELECT=false. Logs are JSON in a pod
 * and readable text in a terminal unless --log-format says otherwise.
 */
export function resolveRunConfig(flags: RunFlags, env: NodeJS.ProcessEnv): RunConfig {
  const inPod = Boolean(env.KUBERNETES_SERVICE_HOST);
  const kubeconfigPath = flags.kubeconfig ?? env.KUBECONFIG;
  const namespaces = flags.namespaces.trim() === '' || flags.namespaces.trim() === 'all'
    ? 'all'
    : flags.namespaces.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const format = flags.logFormat ?? (inPod ? 'json' : 'text');
  if (format !== 'json' && format !== 'text') throw new Error(`--log-format must be json or text, got "${format}"`);
  const leaseNamespace = flags.leaseNamespace ?? env.POD_NAMESPACE ?? 'default';
  const resync = positiveInteger('--resync-seconds', flags.resyncSeconds, true);
  const helmRelease = helmReleaseSettingsFromFlags(flags);
  return {
    connection: kubeconfigPath ? { kubeconfigPath } : inPod ? { inCluster: true } : {},
    namespaces,
    metricsAddress: flags.metricsAddress,
    healthAddress: flags.healthAddress,
    leaderElection: flags.leaderElect && !/^(false|0|no)$/i.test(env.LEADER_ELECT ?? '')
      ? { namespace: leaseNamespace, name: flags.leaseName, identity: env.POD_NAME ?? `${hostname()}_${randomBytes(4).toString('hex')}` }
      : false,
    log: { level: flags.logLevel, format },
    concurrency: positiveInteger('--concurrency', flags.concurrency),
    ...(resync > 0 ? { resyncSeconds: resync } : {}),
    images: { postgres: flags.postgresImage, pluginInstaller: flags.pluginInstallerImage, operator: flags.operatorImage },
    ...(flags.helmBinary ? { helmBinary: flags.helmBinary } : {}),
    ...(Object.keys(helmRelease).length > 0 ? { helmRelease } : {}),
  };
}

const envOption = (flags: string, description: string, env: string, defaultValue?: string): Option => {
  const option = new Option(flags, description).env(env);
  return defaultValue === undefined ? option : option.default(defaultValue);
};

/** Adds `run`; `start` is replaceable so tests can check the parsed configuration. */
export function registerRun(program: Command, start: (config: RunConfig) => Promise<void> = runOperator): void {
  addHelmReleaseOptions(program.command('run'))
    .description('run the operator: watch Kryton objects and reconcile them until SIGTERM/SIGINT')
    .addOption(envOption('--kubeconfig <file>', 'kubeconfig to use (default: $KUBECONFIG, in-cluster in a pod, else ~/.kube/config)', 'KUBECONFIG'))
    .addOption(envOption('--namespaces <list>', "namespaces to watch: 'all' or a comma-separated list", 'WATCH_NAMESPACES', 'all'))
    .addOption(envOption('--metrics-address <addr>', "where /metrics listens ('0' disables)", 'METRICS_ADDRESS', ':8080'))
    .addOption(envOption('--health-address <addr>', "where /healthz and /readyz listen ('0' disables)", 'HEALTH_ADDRESS', ':8081'))
    .option('--no-leader-elect', 'run without leader election, for a single replica (env: LEADER_ELECT=false)')
    .addOption(envOption('--lease-namespace <ns>', 'namespace of the leader-election Lease (default: $POD_NAMESPACE or default)', 'LEASE_NAMESPACE'))
    .addOption(envOption('--lease-name <name>', 'name of the leader-election Lease', 'LEASE_NAME', 'kryton-operator'))
    .addOption(envOption('--log-level <level>', 'error, warn, info, debug', 'LOG_LEVEL', 'info'))
    .addOption(envOption('--log-format <format>', 'json or text (default: json in a pod, text otherwise)', 'LOG_FORMAT'))
    .addOption(envOption('--concurrency <n>', 'Kryton objects reconciled at once', 'CONCURRENCY', '4'))
    .addOption(envOption('--resync-seconds <n>', 're-examine every object this often (0 = never)', 'RESYNC_SECONDS', '600'))
    .addOption(envOption('--postgres-image <image>', 'image of the backup and restore Jobs', 'POSTGRES_IMAGE', DEFAULT_JOB_IMAGES.postgres))
    .addOption(envOption('--plugin-installer-image <image>', 'image of the plugin-installer init-container', 'PLUGIN_INSTALLER_IMAGE', DEFAULT_JOB_IMAGES.pluginInstaller))
    .addOption(envOption('--operator-image <image>', 'image of Jobs that run the operator (snapshots)', 'OPERATOR_IMAGE', DEFAULT_JOB_IMAGES.operator))
    .addOption(envOption('--helm-binary <path>', 'helm binary (default: the verified one shipped with the operator)', 'HELM_BINARY'))
    .action(async (flags: RunFlags) => {
      await start(resolveRunConfig(flags, process.env));
    });
}

/** Starts the operator with its probe/metrics server and stops both on SIGTERM/SIGINT. */
export async function runOperator(config: RunConfig): Promise<void> {
  const logger: Logger = createLogger(config.log);
  const client = createKubeClient({ ...config.connection, userAgent: 'kryton-operator' });
  const metrics = new OperatorMetrics();
  const operator = buildKrytonOperator({
    client,
    helmBinary: config.helmBinary ?? locateBinary('helm'),
    ...(config.connection.kubeconfigPath ? { kubeconfigPath: config.connection.kubeconfigPath } : {}),
    ...(config.helmRelease ? { helmRelease: config.helmRelease } : {}),
    images: config.images,
    settings: {
      namespaces: config.namespaces,
      concurrency: config.concurrency,
      leaderElection: config.leaderElection,
      logger,
      metrics,
      ...(config.resyncSeconds ? { resyncSeconds: config.resyncSeconds } : {}),
    },
  });
  const health = new HealthServer({ metricsAddress: config.metricsAddress, healthAddress: config.healthAddress, registry: metrics.registry, isReady: () => operator.ready() });
  const ports = await health.start();
  logger.info('kryton-operator starting', { namespaces: config.namespaces, leaderElection: config.leaderElection !== false, ...ports });
  let stop!: (reason: string) => void;
  const stopping = new Promise<string>((resolve) => (stop = resolve));
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // A signal may come before the watches sync (e.g. a CRD not installed yet): stop() ends start().
  let startError: unknown;
  const started = operator.start().then(
    () => {
      if (operator.ready()) logger.info('watches synced; operator ready');
    },
    (error: unknown) => {
      startError = error;
      stop('start failed');
    },
  );
  const reason = await stopping;
  logger.info('stopping', { reason });
  // Running helm children get the SIGTERM too (helm then marks its release failed, not pending).
  await Promise.all([operator.stop(), terminateAll()]);
  await started;
  await health.stop();
  await client.close();
  if (startError) throw startError;
  logger.info('stopped');
}
