import type { DependencyContainer } from 'tsyringe';
import type { HandlerDefinition } from './handler-definition.js';
import { scanHandlerClass } from './scan-handlers.js';

type HandlerClass = new (...args: never[]) => object;
type Resolvable = new (...args: unknown[]) => object;

/**
 * Builds every handler class through the container (so constructor injection works) and returns
 * its handlers in registration order: classes as listed, then methods in declaration order.
 * Handler ids must be unique across the operator, since they key persisted progress.
 */
export function discoverHandlers(container: DependencyContainer, classes: readonly HandlerClass[]): HandlerDefinition[] {
  const handlers: HandlerDefinition[] = [];
  const seen = new Map<string, string>();
  for (const cls of classes) {
    const meta = scanHandlerClass(cls);
    const instance = container.resolve(cls as unknown as Resolvable) as Record<string, unknown>;
    for (const method of meta.methods) {
      const owner = `${meta.className}.${method.methodName}`;
      const clash = seen.get(method.id);
      if (clash) throw new TypeError(`handler id '${method.id}' is used by both ${clash} and ${owner}: give one of them another id option`);
      seen.set(method.id, owner);
      const fn = instance[method.methodName];
      if (typeof fn !== 'function') throw new TypeError(`${owner} is not a method of the resolved instance`);
      handlers.push({
        id: method.id,
        className: meta.className,
        methodName: method.methodName,
        resource: meta.resource,
        triggers: method.triggers,
        options: method.options,
        invoke: async (context) => {
          await (fn as (ctx: unknown) => unknown).call(instance, context);
        },
      });
    }
  }
  return handlers;
}
