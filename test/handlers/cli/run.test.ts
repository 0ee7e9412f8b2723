import { Command } from 'commander';
import { registerRun, resolveRunConfig, type RunConfig, type RunFlags } from '../../../handlers/cli/run.js';
import { DEFAULT_JOB_IMAGES } from '../../../handlers/kryton/images.js';

async function parse(args: string[], env: Record<string, string> = {}): Promise<RunConfig> {
  const saved = { ...process.env };
  for (const key of ['KUBECONFIG', 'WATCH_NAMESPACES', 'LEADER_ELECT', 'KUBERNETES_SERVICE_HOST', 'POD_NAME', 'POD_NAMESPACE', 'LOG_FORMAT', 'CONCURRENCY']) delete process.env[key];
  Object.assign(process.env, env);
  try {
    let seen: RunConfig | undefined;
    const program = new Command().exitOverride();
    registerRun(program, (config) => {
      seen = config;
      return Promise.resolve();
    });
    await program.parseAsync(['node', 'kryton-operator', 'run', ...args]);
    return seen!;
  } finally {
    process.env = saved;
  }
}

describe('kryton-operator run', () => {
  it('has defaults for a terminal: all namespaces, leader election on, text logs, the default images', async () => {
    const config = await parse([]);
    expect(config).toMatchObject({
      connection: {},
      namespaces: 'all',
      metricsAddress: ':8080',
      healthAddress: ':8081',
      leaderElection: { namespace: 'default', name: 'kryton-operator' },
      log: { level: 'info', format: 'text' },
      concurrency: 4,
      resyncSeconds: 600,
      images: DEFAULT_JOB_IMAGES,
    });
  });

  it('reads flags', async () => {
    const config = await parse([
      '--kubeconfig', '/k/config', '--namespaces', 'a, b', '--no-leader-elect', '--log-format', 'json', '--log-level', 'debug',
      '--concurrency', '8', '--resync-seconds', '0', '--postgres-image', 'pg:1', '--plugin-installer-image', 'curl:1', '--operator-image', 'op:1', '--helm-binary', '/bin/helm',
    ]);
    expect(config).toEqual({
      connection: { kubeconfigPath: '/k/config' },
      namespaces: ['a', 'b'],
      metricsAddress: ':8080',
      healthAddress: ':8081',
      leaderElection: false,
      log: { level: 'debug', format: 'json' },
      concurrency: 8,
      images: { postgres: 'pg:1', pluginInstaller: 'curl:1', operator: 'op:1' },
      helmBinary: '/bin/helm',
    });
  });

  it('reads the environment of a pod', async () => {
    const config = await parse([], { KUBERNETES_SERVICE_HOST: '10.0.0.1', POD_NAME: 'op-7', POD_NAMESPACE: 'kryton-system', WATCH_NAMESPACES: 'team-a', CONCURRENCY: '2' });
    expect(config).toMatchObject({
      connection: { inCluster: true },
      namespaces: ['team-a'],
      leaderElection: { namespace: 'kryton-system', name: 'kryton-operator', identity: 'op-7' },
      log: { format: 'json' },
      concurrency: 2,
    });
  });

  it('turns leader election off from the environment and prefers $KUBECONFIG to in-cluster', async () => {
    const config = await parse([], { LEADER_ELECT: 'false', KUBECONFIG: '/env/config', KUBERNETES_SERVICE_HOST: '10.0.0.1' });
    expect(config.leaderElection).toBe(false);
    expect(config.connection).toEqual({ kubeconfigPath: '/env/config' });
  });

  it('rejects bad numbers and formats with the flag name', () => {
    const flags: RunFlags = { namespaces: 'all', metricsAddress: ':8080', healthAddress: ':8081', leaderElect: true, leaseName: 'l', logLevel: 'info', concurrency: '0', resyncSeconds: '0', postgresImage: 'p', pluginInstallerImage: 'c', operatorImage: 'o' };
    expect(() => resolveRunConfig(flags, {})).toThrow(/--concurrency must be a whole number >= 1/);
    expect(() => resolveRunConfig({ ...flags, concurrency: '1', logFormat: 'xml' }, {})).toThrow(/--log-format must be json or text/);
  });
});
