/**
 * This project's framework: createOperator with one @Watches class and a no-op @OnCreate handler,
 * as an operator would run it (work queue, per-object serialisation, diff base persisted).
 */
import 'reflect-metadata';
import { container, createKubeClient, createOperator, OnCreate, silentLogger, Watches, type ClosableKubeClient, type HandlerContext, type Operator } from '../../../framework/index.js';
import { HandledCounter, serveContender } from './handled-counter.js';
import { NAMESPACE, WIDGETS } from './widget.js';

const counter = new HandledCounter();

@Watches(WIDGETS)
class NoopWidgetHandler {
  @OnCreate()
  created(ctx: HandlerContext): void {
    counter.hit(ctx.object.metadata.name);
  }
}

let operator: Operator | undefined;
let client: ClosableKubeClient | undefined;

serveContender(counter, async (kubeconfigPath) => {
  client = createKubeClient({ kubeconfigPath, userAgent: 'bench-operator' });
  operator = createOperator({
    container: container.createChildContainer(),
    handlers: [NoopWidgetHandler],
    client,
    settings: { annotationPrefix: 'bench.example.com', finalizer: 'bench.example.com/finalizer', namespaces: [NAMESPACE], concurrency: Number(process.env.BENCH_FRAMEWORK_CONCURRENCY ?? 4), logger: silentLogger() },
  });
  await operator.start();
}, async () => {
  await operator?.stop();
  await client?.close();
});
