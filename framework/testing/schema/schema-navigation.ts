import { type JsonSchema } from './json.js';
import { resolveRef } from './openapi-document.js';

/**
 * Walking a schema tree the same way for swagger definitions (which point at each other with
 * `$ref`) and CRD structural schemas (which are self-contained). A field's own schema node keeps
 * the vendor extensions that describe the field (patch strategy, list type); its `$ref` target
 * describes the value's type.
 */

/** The schema describing the value's type: `$ref` (or a single-element allOf) followed. */
export function derefSchema(schema: JsonSchema | undefined): JsonSchema | undefined {
  let current = schema;
  for (let hops = 0; current && hops < 32; hops++) {
    if (typeof current.$ref === 'string') current = resolveRef(current.$ref);
    else if (current.allOf?.length === 1 && !current.type && !current.properties) current = current.allOf[0];
    else return current;
  }
  return current;
}

/** The field schema of `key` inside an object schema, or of any value of a map schema. */
export function propertySchema(schema: JsonSchema | undefined, key: string): JsonSchema | undefined {
  const target = derefSchema(schema);
  if (!target) return undefined;
  const declared = target.properties?.[key];
  if (declared) return declared;
  return typeof target.additionalProperties === 'object' ? target.additionalProperties : undefined;
}

/** The schema of the items of a list schema. */
export function itemSchema(schema: JsonSchema | undefined): JsonSchema | undefined {
  return derefSchema(schema)?.items;
}

/** The keys that identify an item of an associative list, if the list is one. */
export function listMapKeys(fieldSchema: JsonSchema | undefined): string[] | undefined {
  if (!fieldSchema) return undefined;
  const keys = fieldSchema['x-kubernetes-list-map-keys'];
  if (fieldSchema['x-kubernetes-list-type'] === 'map' && Array.isArray(keys) && keys.length > 0) return keys;
  const mergeKey = fieldSchema['x-kubernetes-patch-merge-key'];
  return typeof mergeKey === 'string' && patchStrategies(fieldSchema).includes('merge') ? [mergeKey] : undefined;
}

/** The `x-kubernetes-patch-strategy` of a field, split ('merge,retainKeys' → ['merge', 'retainKeys']). */
export function patchStrategies(fieldSchema: JsonSchema | undefined): string[] {
  const strategy = fieldSchema?.['x-kubernetes-patch-strategy'];
  return typeof strategy === 'string' ? strategy.split(',').map((s) => s.trim()) : [];
}
