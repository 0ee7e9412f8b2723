import type { ResourceRef } from '../client/types.js';
import type { HandlerOptions, Trigger, TriggerKind } from '../decorators/handler-spec.js';

/** One handler as the dispatcher sees it: metadata plus a bound method to call. */
export interface HandlerDefinition {
  /** Stable id (persisted in progress annotations). */
  readonly id: string;
  readonly className: string;
  readonly methodName: string;
  /** The resource the handler's class watches. */
  readonly resource: ResourceRef;
  readonly triggers: readonly Trigger[];
  readonly options: Readonly<HandlerOptions>;
  /** Calls the method on the class instance built by the container. */
  readonly invoke: (context: unknown) => Promise<void>;
}

export function hasTrigger(handler: HandlerDefinition, kind: TriggerKind): boolean {
  return handler.triggers.some((t) => t.kind === kind);
}

/** Identifies a resource across groups and versions: 'group/version/plural'. */
export function resourceKey(resource: ResourceRef): string {
  return `${resource.group}/${resource.version}/${resource.plural}`;
}
