import type { ResourceRef } from './types.js';

/** `v1` for the core group, `apps/v1` otherwise: the apiVersion objects of a resource carry. */
export function apiVersionOf(resource: ResourceRef): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/**
 * The URL path of a resource collection or of one object in it (and optionally a subresource).
 * A namespace is only put in the path of namespaced resources; a namespaced resource without a
 * namespace addresses the cluster-wide collection (list/watch across all namespaces).
 */
export function resourcePath(resource: ResourceRef, namespace?: string, name?: string, subresource?: string): string {
  const base = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  const scope = resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  let path = `${base}${scope}/${resource.plural}`;
  if (name !== undefined) {
    if (name === '') throw new Error(`An empty name was given for a ${resource.kind}: pass the object's metadata.name.`);
    path += `/${encodeURIComponent(name)}`;
    if (subresource) path += `/${subresource}`;
  }
  return path;
}

/** Builds a query string from the defined entries only (undefined/false-less values are dropped). */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
