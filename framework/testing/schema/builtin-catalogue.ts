import { CATEGORIES, NOT_SERVED_IN_1_32, SERVED_GROUP_VERSIONS, SHORT_NAMES } from './builtin-names.js';
import { isJsonObject, type JsonObject } from './json.js';
import { openApiDocument } from './openapi-document.js';

/** One built-in resource as discovery and the API server's router describe it. */
export interface BuiltinResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  subresources: Array<'status' | 'scale'>;
  /** The OpenAPI definition of the object, e.g. 'io.k8s.api.apps.v1.Deployment'. */
  definition: string;
}

/** Discovery verbs, from the OpenAPI `x-kubernetes-action` of each operation. */
const VERB_OF_ACTION: Readonly<Record<string, string>> = {
  get: 'get',
  list: 'list',
  post: 'create',
  put: 'update',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'deletecollection',
  watch: 'watch',
  watchlist: 'watch',
};

interface Draft {
  group: string;
  version: string;
  plural: string;
  kind?: string;
  definition?: string;
  namespaced: boolean;
  verbs: Set<string>;
  subresources: Set<'status' | 'scale'>;
}

let cached: readonly BuiltinResource[] | undefined;

/**
 * Every resource a default Kubernetes 1.32 API server serves, derived from the paths of the bundled
 * OpenAPI document. Computed once; the result and its entries are frozen.
 */
export function builtinResources(): readonly BuiltinResource[] {
  cached ??= Object.freeze(deriveCatalogue().map((r) => Object.freeze(r)));
  return cached;
}

function deriveCatalogue(): BuiltinResource[] {
  const drafts = new Map<string, Draft>();
  for (const [path, item] of Object.entries(openApiDocument().paths)) {
    const parsed = parsePath(path);
    if (!parsed || !SERVED_GROUP_VERSIONS.includes(`${parsed.group}/${parsed.version}`)) continue;
    if (NOT_SERVED_IN_1_32.has(`${parsed.group}/${parsed.plural}`)) continue;
    const key = `${parsed.group}/${parsed.version}/${parsed.plural}`;
    let draft = drafts.get(key);
    if (!draft) {
      draft = { group: parsed.group, version: parsed.version, plural: parsed.plural, namespaced: false, verbs: new Set(), subresources: new Set() };
      drafts.set(key, draft);
    }
    if (parsed.subresource !== undefined) {
      if (parsed.subresource === 'status' || parsed.subresource === 'scale') draft.subresources.add(parsed.subresource);
      continue;
    }
    if (parsed.namespaced) draft.namespaced = true;
    for (const [method, operation] of Object.entries(item)) {
      if (method === 'parameters' || !isJsonObject(operation)) continue;
      recordOperation(draft, operation, parsed.named);
    }
  }
  const resources: BuiltinResource[] = [];
  for (const draft of drafts.values()) {
    if (!draft.kind || !draft.definition || draft.verbs.size === 0) continue;
    const id = `${draft.group}/${draft.plural}`;
    resources.push({
      group: draft.group,
      version: draft.version,
      kind: draft.kind,
      plural: draft.plural,
      singular: draft.kind.toLowerCase(),
      namespaced: draft.namespaced,
      verbs: [...draft.verbs].sort(),
      shortNames: [...(SHORT_NAMES[id] ?? [])],
      categories: [...(CATEGORIES[id] ?? [])],
      subresources: [...draft.subresources].sort(),
      definition: draft.definition,
    });
  }
  return resources.sort((a, b) => `${a.group}/${a.version}/${a.plural}`.localeCompare(`${b.group}/${b.version}/${b.plural}`));
}

function recordOperation(draft: Draft, operation: JsonObject, named: boolean): void {
  const action = operation['x-kubernetes-action'];
  const gvk = operation['x-kubernetes-group-version-kind'];
  if (typeof action !== 'string' || !isJsonObject(gvk) || typeof gvk.kind !== 'string') return;
  // `get` on the collection path is `list`; only `get` on `{name}` is the get verb.
  if (action === 'get' && !named) return;
  const verb = VERB_OF_ACTION[action];
  if (!verb) return;
  draft.verbs.add(verb);
  draft.kind ??= gvk.kind;
  if ((action === 'get' || action === 'post') && !draft.definition) draft.definition = responseDefinition(operation);
}

/** The definition name of the 200/201 response body ('#/definitions/x' → 'x'). */
function responseDefinition(operation: JsonObject): string | undefined {
  const responses = operation.responses;
  if (!isJsonObject(responses)) return undefined;
  for (const code of ['200', '201']) {
    const response = responses[code];
    const schema = isJsonObject(response) ? response.schema : undefined;
    if (isJsonObject(schema) && typeof schema.$ref === 'string') return schema.$ref.replace(/^#\/definitions\//, '');
  }
  return undefined;
}

interface ParsedPath {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  named: boolean;
  subresource?: string;
}

/**
 * Splits '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale' into its parts. Watch
 * paths ('/watch/…') count for the watch verb. Proxy paths with a trailing '{path}' are skipped.
 */
function parsePath(path: string): ParsedPath | undefined {
  const match = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.+)$/.exec(path);
  if (!match) return undefined;
  const group = match[2] ?? '';
  const version = match[1] ?? match[3];
  let rest = match[4].replace(/^watch\//, '');
  let namespaced = false;
  if (rest.startsWith('namespaces/{namespace}/')) {
    namespaced = true;
    rest = rest.slice('namespaces/{namespace}/'.length);
  }
  const segments = rest.split('/');
  if (segments.length > 3 || segments[0] === '' || segments[0].startsWith('{')) return undefined;
  const named = segments[1] === '{name}';
  if (segments.length > 1 && !named) return undefined;
  return { group, version, plural: segments[0], namespaced, named, subresource: segments[2] };
}
