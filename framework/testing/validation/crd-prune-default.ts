import { cloneJson, isJsonObject, type JsonObject, type JsonSchema, type JsonValue } from '../schema/json.js';

const OBJECT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Drops fields the structural schema does not declare (kube's pruning), except under
 * `x-kubernetes-preserve-unknown-fields` and in maps (`additionalProperties`). apiVersion, kind
 * and metadata of the object and of embedded resources are kept. Returns the dropped paths in
 * strict-decoding style ('.spec.foo').
 */
export function pruneValue(value: JsonValue, schema: JsonSchema | undefined, path: string, keepObjectFields: boolean, unknown: string[]): JsonValue {
  if (Array.isArray(value)) return value.map((item, index) => pruneValue(item, schema?.items, `${path}[${index}]`, Boolean(schema?.items?.['x-kubernetes-embedded-resource']), unknown));
  if (!isJsonObject(value)) return value;
  if (!schema) return value;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const additional = isJsonObject(schema.additionalProperties as JsonValue) ? (schema.additionalProperties as JsonSchema) : undefined;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}.${key}`;
    if (keepObjectFields && OBJECT_FIELDS.has(key)) {
      out[key] = child;
      continue;
    }
    const childSchema = schema.properties?.[key] ?? additional;
    if (childSchema) {
      out[key] = pruneValue(child, childSchema, childPath, Boolean(childSchema['x-kubernetes-embedded-resource']), unknown);
    } else if (preserve || schema.additionalProperties === true) {
      out[key] = child;
    } else {
      unknown.push(childPath);
    }
  }
  return out;
}

/**
 * Fills in `default`s top-down: a default applies where the field is absent (or null and not
 * nullable), and defaults nested inside a defaulted value apply too.
 */
export function defaultValue(value: JsonValue, schema: JsonSchema | undefined): JsonValue {
  if (!schema) return value;
  if (Array.isArray(value)) return value.map((item) => defaultValue(item, schema.items));
  if (!isJsonObject(value)) return value;
  const out: JsonObject = { ...value };
  for (const [key, childSchema] of Object.entries(schema.properties ?? {})) {
    const absent = !(key in out) || (out[key] === null && !childSchema.nullable);
    if (absent && childSchema.default !== undefined) out[key] = cloneJson(childSchema.default);
  }
  const additional = isJsonObject(schema.additionalProperties as JsonValue) ? (schema.additionalProperties as JsonSchema) : undefined;
  for (const [key, child] of Object.entries(out)) {
    const childSchema = schema.properties?.[key] ?? additional;
    if (childSchema) out[key] = defaultValue(child, childSchema);
  }
  return out;
}
