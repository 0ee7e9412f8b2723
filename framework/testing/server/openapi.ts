/**
 * OpenAPI v3: the root index and one document per group-version. Each kind gets PATCH/PUT/GET/DELETE
 * operations carrying `x-kubernetes-group-version-kind` and a `fieldValidation` parameter (which makes
 * kubectl and helm trust server-side field validation) and `components.schemas` converted from the
 * bundled v2 definitions (for `kubectl explain`). CRD group-versions use the CRD's own schema.
 */
import { createHash } from 'node:crypto';
import { openApiDefinitions, type JsonSchema } from '../schema/index.js';
import { type ResourceRegistry, type ResourceType } from './registry.js';

type Json = Record<string, unknown>;

export interface OpenApiGvDocument {
  body: string;
  hash: string;
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** Deep copy with `#/definitions/X` references rewritten to `#/components/schemas/X`, collecting what they name. */
function convertSchema(node: unknown, refs: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((n) => convertSchema(n, refs));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === '$ref' && typeof v === 'string') {
      const name = v.replace(/^#\/definitions\//, '');
      refs.add(name);
      out[k] = `#/components/schemas/${name}`;
    } else out[k] = convertSchema(v, refs);
  }
  return out;
}

/** The named definitions plus everything they reference, converted to v3 form. */
function schemasClosure(roots: Iterable<string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const defs = openApiDefinitions() as Readonly<Record<string, JsonSchema>>;
  const schemas: Record<string, unknown> = { ...extra };
  const pending = [...roots];
  while (pending.length) {
    const name = pending.pop()!;
    if (name in schemas) continue;
    const def = defs[name];
    if (!def) continue;
    const refs = new Set<string>();
    schemas[name] = convertSchema(def, refs);
    for (const r of refs) if (!(r in schemas)) pending.push(r);
  }
  return schemas;
}

function reverseDomain(group: string): string {
  return group.split('.').reverse().join('.');
}

export function customSchemaName(t: ResourceType): string {
  return `${reverseDomain(t.group)}.${t.version}.${t.kind}`;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

function customSchema(t: ResourceType): Json {
  const refs = new Set<string>();
  const base = (t.custom?.openAPIV3Schema ? convertSchema(t.custom.openAPIV3Schema, refs) : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as Json;
  const properties = { ...((base.properties as Json | undefined) ?? {}) };
  properties.apiVersion = { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' };
  properties.kind = { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' };
  properties.metadata = { allOf: [{ $ref: `#/components/schemas/${OBJECT_META}` }], description: 'Standard object metadata.' };
  return { ...base, type: 'object', properties, 'x-kubernetes-group-version-kind': [{ group: t.group, version: t.version, kind: t.kind }] };
}

function schemaRef(t: ResourceType): string {
  return `#/components/schemas/${t.custom ? customSchemaName(t) : t.definition ?? ''}`;
}

function operation(t: ResourceType, action: string, params: string[], withBody = false): Json {
  const gvk = { group: t.group, version: t.version, kind: t.kind };
  const op: Json = {
    operationId: `${action}${t.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    parameters: params.map((name) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } })),
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: schemaRef(t) } } } } },
  };
  if (withBody) op.requestBody = { content: { '*/*': { schema: { $ref: schemaRef(t) } } }, required: true };
  return op;
}

function pathsFor(t: ResourceType): Json {
  const base = `/${gvPath(t.group, t.version)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.plural}`;
  const writeParams = ['dryRun', 'fieldManager', 'fieldValidation'];
  const paths: Json = {
    [base]: { get: operation(t, 'list', ['labelSelector', 'fieldSelector', 'limit', 'continue', 'watch']), post: operation(t, 'post', writeParams, true) },
    [`${base}/{name}`]: {
      get: operation(t, 'get', []),
      put: operation(t, 'put', writeParams, true),
      patch: operation(t, 'patch', [...writeParams, 'force'], true),
      delete: operation(t, 'delete', ['dryRun', 'propagationPolicy']),
    },
  };
  for (const s of t.subresources) {
    if (s === 'status') paths[`${base}/{name}/status`] = { get: operation(t, 'get', []), put: operation(t, 'put', writeParams, true), patch: operation(t, 'patch', [...writeParams, 'force'], true) };
  }
  return paths;
}

/** Documents of built-in group-versions never change: shared by every server in the process. */
const builtinDocuments = new Map<string, OpenApiGvDocument>();

export class OpenApiV3 {
  private readonly cache = new Map<string, OpenApiGvDocument>();
  private cachedRevision = -1;

  constructor(private readonly registry: ResourceRegistry, private readonly gitVersion: string) {}

  root(): Json {
    const paths: Json = {};
    for (const { group, versions } of this.registry.groups()) {
      for (const version of versions) {
        const key = gvPath(group, version);
        paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${this.document(group, version)!.hash}` };
      }
    }
    return { paths };
  }

  /** The document for `api/v1` or `apis/<g>/<v>`, or undefined when that group-version is not served. */
  documentAt(path: string): OpenApiGvDocument | undefined {
    const segs = path.split('/');
    if (segs[0] === 'api' && segs.length === 2) return this.document('', segs[1]);
    if (segs[0] === 'apis' && segs.length === 3) return this.document(segs[1], segs[2]);
    return undefined;
  }

  private document(group: string, version: string): OpenApiGvDocument | undefined {
    if (this.cachedRevision !== this.registry.revision) {
      this.cache.clear();
      this.cachedRevision = this.registry.revision;
    }
    const key = gvPath(group, version);
    const types = this.registry.inGroupVersion(group, version);
    if (types.length === 0) return undefined;
    const builtin = types.every((t) => !t.custom);
    const sharedKey = `${this.gitVersion} ${key}`;
    const hit = builtin ? builtinDocuments.get(sharedKey) : this.cache.get(key);
    if (hit) return hit;
    const paths: Json = {};
    const extra: Record<string, unknown> = {};
    const roots: string[] = [];
    for (const t of types) {
      Object.assign(paths, pathsFor(t));
      if (t.custom) {
        extra[customSchemaName(t)] = customSchema(t);
        roots.push(OBJECT_META);
      } else if (t.definition) roots.push(t.definition);
    }
    const doc = {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: this.gitVersion },
      paths,
      components: { schemas: schemasClosure(roots, extra) },
    };
    const body = JSON.stringify(doc);
    const entry = { body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() };
    if (builtin) builtinDocuments.set(sharedKey, entry);
    else this.cache.set(key, entry);
    return entry;
  }
}
