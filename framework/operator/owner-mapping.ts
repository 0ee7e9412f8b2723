import type { KubeObject, ResourceRef } from '../client/types.js';
import type { OwnerMapper } from '../decorators/handler-spec.js';

/** 'group/version', or 'version' for the core group: an apiVersion as objects carry it. */
export function apiVersionOf(resource: ResourceRef): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/**
 * Pure: the watch-cache key (`namespace/name`, or `name` when cluster-scoped) of the watched object
 * a child belongs to, from `mapToOwner` when given, else from the child's controller
 * ownerReference whose apiVersion and kind match the watched resource.
 */
export function ownerKeyOf(child: KubeObject, owner: ResourceRef, mapToOwner: OwnerMapper | undefined): string | undefined {
  const found = mapToOwner ? mapToOwner(child) : controllerOwner(child, owner);
  if (!found) return undefined;
  if (!owner.namespaced) return found.name;
  const namespace = found.namespace ?? child.metadata.namespace;
  return namespace ? `${namespace}/${found.name}` : undefined;
}

function controllerOwner(child: KubeObject, owner: ResourceRef): { namespace?: string; name: string } | undefined {
  const ref = child.metadata.ownerReferences?.find((r) => r.controller === true && r.kind === owner.kind && r.apiVersion === apiVersionOf(owner));
  return ref ? { name: ref.name } : undefined;
}
