import type { KubeObject } from '../client/types.js';

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones: the queue and cache key. */
export function objectKey(object: Pick<KubeObject, 'metadata'>): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : name ?? '';
}
