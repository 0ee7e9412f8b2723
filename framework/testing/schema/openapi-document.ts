import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type JsonObject, type JsonSchema } from './json.js';

/** The parts of the Kubernetes OpenAPI v2 document the local API server reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, JsonObject>>;
  definitions: Record<string, JsonSchema>;
}

const BUNDLED_FILE = join('framework', 'testing', 'schema', 'kubernetes-openapi-v2.json.gz');

let cached: OpenApiDocument | undefined;

/**
 * The bundled Kubernetes OpenAPI v2 document, decompressed and parsed on first use. The same code
 * runs from the TypeScript sources and from dist/, so the file is found from the package root.
 */
export function openApiDocument(): OpenApiDocument {
  if (!cached) {
    const parsed = JSON.parse(gunzipSync(readFileSync(bundledFilePath())).toString('utf8')) as OpenApiDocument;
    cached = deepFreeze(parsed);
  }
  return cached;
}

/** Every swagger definition, keyed by name ('io.k8s.api.apps.v1.Deployment'). */
export function openApiDefinitions(): Readonly<Record<string, JsonSchema>> {
  return openApiDocument().definitions;
}

/**
 * The swagger paths served by one group-version ('' for core), keyed by URL path, e.g.
 * '/apis/apps/v1/namespaces/{namespace}/deployments/{name}'.
 */
export function openApiPathsFor(group: string, version: string): Readonly<Record<string, Readonly<Record<string, JsonObject>>>> {
  const prefix = group === '' ? `/api/${version}/` : `/apis/${group}/${version}/`;
  const out: Record<string, Record<string, JsonObject>> = {};
  for (const [path, item] of Object.entries(openApiDocument().paths)) {
    if (path.startsWith(prefix) && path.length > prefix.length) out[path] = item;
  }
  return out;
}

/** The definition a `$ref` ('#/definitions/<name>') points to. */
export function resolveRef(ref: string): JsonSchema {
  const name = ref.replace(/^#\/definitions\//, '');
  const schema = openApiDefinitions()[name];
  if (!schema) throw new Error(`OpenAPI reference ${ref} names no definition in the bundled Kubernetes document`);
  return schema;
}

/** The definition named `name`, or an error naming it. */
export function definitionNamed(name: string): JsonSchema {
  const schema = openApiDefinitions()[name];
  if (!schema) throw new Error(`unknown OpenAPI definition "${name}": expected a name such as "io.k8s.api.apps.v1.Deployment"`);
  return schema;
}

function bundledFilePath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, BUNDLED_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${BUNDLED_FILE} above ${fileURLToPath(import.meta.url)}: is the package installed completely?`);
    dir = parent;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
