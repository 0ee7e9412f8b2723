import type { ResourceRef } from '../client/types.js';
import type { HandlerOptions, OwnerMapper } from './handler-spec.js';
import { recordTrigger } from './record-trigger.js';

export interface OwnedChangeOptions extends HandlerOptions {
  /**
   * Finds the watched object a child belongs to. Defaults to the child's controller
   * ownerReference whose apiVersion and kind match the watched resource.
   */
  mapToOwner?: OwnerMapper;
}

/**
 * Runs (cause 'owned') when a child of `resource` belonging to a watched object is added, changed or
 * deleted: level-triggered repair of drift. The handler compares desired with actual state and
 * writes only on a difference, so its own writes settle instead of looping.
 */
export function OnOwnedChange(resource: ResourceRef, options: OwnedChangeOptions = {}) {
  const { mapToOwner, ...handlerOptions } = options;
  return recordTrigger({ kind: 'owned', resource, ...(mapToOwner ? { mapToOwner } : {}) }, handlerOptions);
}
