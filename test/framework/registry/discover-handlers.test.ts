import 'reflect-metadata';
import { container, inject } from 'tsyringe';
import type { HandlerContext } from '../../../framework/dispatch/handler-context.js';
import type { ResourceRef } from '../../../framework/client/types.js';
import { OnCreate, OnDelete, Watches } from '../../../framework/decorators/index.js';
import { discoverHandlers } from '../../../framework/registry/discover-handlers.js';

const WIDGETS: ResourceRef = { group: 'test.example.com', version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true };
const GREETING = Symbol('greeting');

@Watches(WIDGETS)
class Greeter {
  readonly seen: string[] = [];
  constructor(@inject(GREETING) private readonly greeting: string) {}

  @OnCreate() hello(ctx: HandlerContext): Promise<void> {
    this.seen.push(`${this.greeting} ${ctx.object.metadata.name}`);
    return Promise.resolve();
  }
}

@Watches(WIDGETS)
class Cleaner {
  @OnDelete() bye(): void {}
}

describe('discoverHandlers', () => {
  it('builds classes through a child container and calls methods bound to that instance', async () => {
    const child = container.createChildContainer();
    child.registerInstance(GREETING, 'hello');
    child.registerSingleton(Greeter);
    const handlers = discoverHandlers(child, [Greeter, Cleaner]);
    expect(handlers.map((h) => h.id)).toEqual(['Greeter.hello', 'Cleaner.bye']);
    await handlers[0]!.invoke({ object: { metadata: { name: 'w1' } } });
    expect(child.resolve(Greeter).seen).toEqual(['hello w1']);
  });

  it('does not leak registrations between child containers', () => {
    const a = container.createChildContainer();
    a.registerInstance(GREETING, 'a');
    const b = container.createChildContainer();
    expect(() => discoverHandlers(a, [Greeter])).not.toThrow();
    expect(() => discoverHandlers(b, [Greeter])).toThrow();
  });

  it('rejects two handlers with the same id', () => {
    @Watches(WIDGETS)
    class Twin {
      @OnDelete({ id: 'Cleaner.bye' }) bye(): void {}
    }
    expect(() => discoverHandlers(container.createChildContainer(), [Cleaner, Twin])).toThrow(/'Cleaner.bye' is used by both Cleaner.bye and Twin.bye/);
  });
});
