/** Parses API paths into the resource, namespace, name and subresource a request is about. */
import { type ResourceRegistry, type ResourceType } from './registry.js';
import { errors } from './errors.js';

export interface ResourceRequest {
  t: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** `/api/v1/...` or `/apis/<g>/<v>/...`: undefined when the path is not a resource path. */
export function parseResourcePath(registry: ResourceRegistry, pathname: string): ResourceRequest | undefined {
  const segs = pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else return undefined;
  if (!registry.hasGroupVersion(group, version)) throw errors.noRoute();
  // /namespaces/{ns}/{plural}[/{name}[/{sub}]], unless it is the namespaces resource itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))) {
    const t = registry.lookup(group, version, rest[2]);
    if (!t || !t.namespaced) throw errors.noRoute();
    return { t, namespace: rest[1], name: rest[3], subresource: rest[4] };
  }
  const t = registry.lookup(group, version, rest[0]);
  if (!t) throw errors.noRoute();
  if (rest.length > 3) throw errors.noRoute();
  return { t, name: rest[1], subresource: rest[2] };
}
