/** The example composition root: the product's handlers plus the worked example, all buildable. */
import 'reflect-metadata';
import { createKubeClient, silentLogger, type ClosableKubeClient } from '../../../framework/index.js';
import { LocalApiServer } from '../../../framework/testing/index.js';
import { buildKrytonOperator, KRYTON_HANDLERS } from '../../../handlers/composition-root.js';
import { EXAMPLE_HANDLERS } from '../../../handlers/examples/composition-root.js';
import { DisruptionBudgetHandler } from '../../../handlers/examples/disruption-budget-handler.js';

describe('the example composition root', () => {
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

  it('is the product\'s handlers plus the disruption budget handler, and the product\'s list is unchanged', () => {
    expect(EXAMPLE_HANDLERS).toEqual([...KRYTON_HANDLERS, DisruptionBudgetHandler]);
    expect(KRYTON_HANDLERS).not.toContain(DisruptionBudgetHandler);
  });

  it('builds an operator from every example handler class, with unique handler ids', async () => {
    const operator = buildKrytonOperator({
      client,
      helmBinary: '/nonexistent/helm',
      handlers: EXAMPLE_HANDLERS,
      settings: { namespaces: 'all', concurrency: 1, logger: silentLogger(), leaderElection: false },
    });
    for (const cls of EXAMPLE_HANDLERS) expect(operator.container.resolve(cls as unknown as new () => object)).toBeInstanceOf(cls);
    await operator.stop();
  });
});
