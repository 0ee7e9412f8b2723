import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { KubeClient } from '../client/types.js';
import { silentLogger } from '../observability/logger.js';
import { createOperator } from './create-operator.js';
import type { HandlerClass, Operator } from './operator-options.js';
import type { OperatorSettings } from './settings.js';

export interface TestOperatorOptions {
  client: KubeClient;
  handlers: readonly HandlerClass[];
  /** Overrides of the test defaults (prefix 'test.operator.dev', all namespaces, no leader election, silent logs). */
  settings?: Partial<OperatorSettings>;
  /** Parent of the per-test child container. Defaults to tsyringe's root container. */
  container?: DependencyContainer;
  now?: () => number;
}

/**
 * An operator for a test: its own child container (register test doubles of handler dependencies
 * on `container` before start), test-friendly defaults, and nothing shared with other tests.
 */
export function createTestOperator(options: TestOperatorOptions): Operator {
  const prefix = options.settings?.annotationPrefix ?? 'test.operator.dev';
  const settings: OperatorSettings = {
    annotationPrefix: prefix,
    finalizer: `${prefix}/finalizer`,
    namespaces: 'all',
    concurrency: 4,
    leaderElection: false,
    logger: silentLogger(),
    drainTimeoutSeconds: 5,
    ...options.settings,
  };
  return createOperator({
    container: (options.container ?? rootContainer).createChildContainer(),
    handlers: options.handlers,
    client: options.client,
    settings,
    ...(options.now ? { now: options.now } : {}),
  });
}
