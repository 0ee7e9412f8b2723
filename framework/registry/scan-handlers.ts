import 'reflect-metadata';
import type { ResourceRef } from '../client/types.js';
import type { MethodHandlerMetadata } from '../decorators/handler-spec.js';
import { METHOD_HANDLERS_KEY, WATCHED_RESOURCE_KEY } from '../decorators/metadata-keys.js';

/** What the decorators recorded on one handler class. */
export interface ClassHandlerMetadata {
  readonly className: string;
  readonly resource: ResourceRef;
  readonly methods: readonly (MethodHandlerMetadata & { id: string })[];
}

type Constructor = abstract new (...args: never[]) => unknown;

/**
 * Reads a handler class's metadata (the only reader of the decorator keys). Methods of base
 * classes come first, in declaration order. Fails with a message naming the fix.
 */
export function scanHandlerClass(cls: Constructor): ClassHandlerMetadata {
  const resource = Reflect.getMetadata(WATCHED_RESOURCE_KEY, cls) as ResourceRef | undefined;
  if (!resource) throw new TypeError(`${cls.name} has no @Watches(resource) decorator: add one naming the resource its handlers react to`);
  const methods = prototypeChain(cls.prototype as object).flatMap(
    (proto) => (Reflect.getOwnMetadata(METHOD_HANDLERS_KEY, proto) as MethodHandlerMetadata[] | undefined) ?? [],
  );
  if (methods.length === 0) throw new TypeError(`${cls.name} has @Watches but no handler methods (@OnCreate, @OnUpdate, ...)`);
  return {
    className: cls.name,
    resource,
    methods: methods.map((m) => ({ ...m, id: m.options.id ?? `${cls.name}.${m.methodName}` })),
  };
}

function prototypeChain(proto: object): object[] {
  const chain: object[] = [];
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) chain.unshift(p);
  return chain;
}
