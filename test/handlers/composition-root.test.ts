import 'reflect-metadata';
import { createKubeClient, silentLogger, type ClosableKubeClient } from '../../framework/index.js';
import { LocalApiServer } from '../../framework/testing/index.js';
import { buildKrytonOperator, KRYTON_HANDLERS } from '../../handlers/composition-root.js';

describe('the composition root', () => {
  let server: LocalApiServer;
  let client: ClosableKubeClient;

  beforeAll(async () => {
    server = await LocalApiServer.start({ tls: false });
    client = createKubeClient({ kubeconfigYaml: server.kubeconfig() });
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('builds every registered handler class with its dependencies, with unique handler ids', async () => {
    const operator = buildKrytonOperator({
      client,
      helmBinary: '/nonexistent/helm',
      settings: { namespaces: 'all', concurrency: 1, logger: silentLogger(), leaderElection: false },
    });
    for (const cls of KRYTON_HANDLERS) expect(operator.container.resolve(cls as unknown as new () => object)).toBeInstanceOf(cls);
    await operator.stop();
  });
});
