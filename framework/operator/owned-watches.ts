import type { KubeClient, KubeObject, ResourceRef } from '../client/types.js';
import type { Logger } from '../observability/logger.js';
import { resourceKey } from '../registry/handler-definition.js';
import { Watcher } from '../watch/watcher.js';
import { ownerKeyOf } from './owner-mapping.js';
import type { ResourceController } from './resource-controller.js';

/**
 * One informer per child resource named by `@OnOwnedChange`. After its initial listing, every
 * added, changed or deleted child is mapped to its owner, whose owned handlers become due.
 */
export function createOwnedWatches(client: KubeClient, controllers: readonly ResourceController[], namespaces: 'all' | string[], logger: Logger): Watcher<KubeObject>[] {
  const byChild = new Map<string, { resource: ResourceRef; routes: { controller: ResourceController; handlerId: string; map: (child: KubeObject) => string | undefined }[] }>();
  for (const controller of controllers) {
    for (const handler of controller.handlers) {
      for (const trigger of handler.triggers) {
        if (trigger.kind !== 'owned') continue;
        const entry = byChild.get(resourceKey(trigger.resource)) ?? { resource: trigger.resource, routes: [] };
        entry.routes.push({ controller, handlerId: handler.id, map: (child) => ownerKeyOf(child, controller.resource, trigger.mapToOwner) });
        byChild.set(resourceKey(trigger.resource), entry);
      }
    }
  }
  return [...byChild.values()].map(({ resource, routes }) => {
    const watcher = new Watcher<KubeObject>({ client, resource, namespaces, logger });
    watcher.onEvent(({ object }) => {
      if (!watcher.hasSynced()) return;
      for (const route of routes) {
        const owner = route.map(object);
        if (owner) route.controller.markDue(owner, route.handlerId, 'owned');
      }
    });
    return watcher;
  });
}
