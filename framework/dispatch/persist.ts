import type { KubeObject } from '../client/types.js';
import { isProgressKey, progressKey } from '../progress/annotation-keys.js';
import type { ProgressRecord } from '../progress/progress-record.js';
import type { DispatchDeps } from './dispatch-deps.js';

/** Merge-patches annotations (null removes one); returns the object as the API server stored it. */
export async function patchAnnotations(deps: DispatchDeps, object: KubeObject, annotations: Record<string, string | null>): Promise<KubeObject> {
  if (Object.keys(annotations).length === 0) return object;
  const { name, namespace } = object.metadata;
  return deps.client.patch(deps.resource, name ?? '', namespace, { metadata: { annotations } }, 'merge');
}

/** Annotation values that store the given progress records. */
export function progressAnnotations(prefix: string, records: ReadonlyMap<string, ProgressRecord>): Record<string, string> {
  return Object.fromEntries([...records].map(([id, record]) => [progressKey(prefix, id), JSON.stringify(record)]));
}

/** Annotation removals for every progress record on the object. */
export function purgeProgressAnnotations(prefix: string, object: KubeObject): Record<string, null> {
  return Object.fromEntries(Object.keys(object.metadata.annotations ?? {}).filter((k) => isProgressKey(prefix, k)).map((k) => [k, null]));
}

/**
 * Sets the object's finalizer list, guarded by its resourceVersion: a concurrent change makes the
 * API server answer 409 Conflict and the object is processed again with its newest state.
 */
export async function writeFinalizers(deps: DispatchDeps, object: KubeObject, finalizers: string[]): Promise<KubeObject> {
  const { name, namespace, resourceVersion } = object.metadata;
  return deps.client.patch(deps.resource, name ?? '', namespace, { metadata: { finalizers, resourceVersion } }, 'merge');
}
