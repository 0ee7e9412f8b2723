import type { KubeObject } from '../client/types.js';
import { jsonEqual } from './diff.js';
import { essenceOf, type Essence } from './essence.js';

/**
 * What one look at an object calls for. `gone`: the object no longer exists; `noop`: nothing changed
 * since it was last handled (or it is being deleted without our finalizer, so nothing may be done).
 */
export type ChangeCause = 'create' | 'update' | 'delete' | 'resume' | 'noop' | 'gone';

export interface CauseInput {
  /** The newest state; undefined once the object is gone. */
  object: KubeObject | undefined;
  /** The essence last handled (from the diff-base annotation); undefined when never handled. */
  diffBase: Essence | undefined;
  /** Whether any delete handler applies to this object. */
  hasDeleteHandlers: boolean;
  finalizer: string;
  /** True the first time this operator process looks at the object. */
  isInitialListing: boolean;
  /** Prefix of the operator's own annotations, excluded from the essence. */
  annotationPrefix: string;
}

/** Pure: decides the cause from the object and its stored diff base (Kopf's order of checks). */
export function detectCause(input: CauseInput): ChangeCause {
  const { object } = input;
  if (!object) return 'gone';
  if (object.metadata.deletionTimestamp) {
    const ours = object.metadata.finalizers?.includes(input.finalizer) ?? false;
    return input.hasDeleteHandlers && ours ? 'delete' : 'noop';
  }
  if (!input.diffBase) return 'create';
  if (jsonEqual(essenceOf(object, input.annotationPrefix), input.diffBase)) return input.isInitialListing ? 'resume' : 'noop';
  return 'update';
}
