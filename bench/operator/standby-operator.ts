/**
 * The Kryton operator (the real composition root) as a standby replica, in a process started with
 * --expose-gc: another identity holds the Lease, so its watches sync but no handler and no helm run.
 * `memory()` collects garbage first, so the heap figure is what the watched objects keep alive.
 */
import 'reflect-metadata';
import { createKubeClient, silentLogger, type ClosableKubeClient, type Operator } from '../../framework/index.js';
import { buildKrytonOperator } from '../../handlers/composition-root.js';
import { locateBinary } from '../../handlers/tools/verified-binary.js';
import { serveRpc } from '../lib/rpc.js';

let client: ClosableKubeClient | undefined;
let operator: Operator | undefined;

serveRpc({
  async start(kubeconfigPath: string, leaseNamespace: string) {
    client = createKubeClient({ kubeconfigPath, userAgent: 'kryton-operator' });
    operator = buildKrytonOperator({
      client,
      helmBinary: locateBinary('helm'),
      kubeconfigPath,
      settings: { namespaces: 'all', concurrency: 4, logger: silentLogger(), leaderElection: { namespace: leaseNamespace, name: 'kryton-operator', identity: 'bench-standby' } },
    });
    await operator.start();
    return { ready: operator.ready(), leading: operator.isLeader() };
  },
  memory() {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('start this process with --expose-gc');
    for (let i = 0; i < 3; i++) gc();
    const usage = process.memoryUsage();
    return { rss: usage.rss, heapUsed: usage.heapUsed };
  },
  async stop() {
    await operator?.stop();
    await client?.close();
  },
});
