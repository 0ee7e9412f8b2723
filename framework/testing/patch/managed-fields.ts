import { isJsonObject, type JsonObject, type JsonSchema, type JsonValue } from '../schema/json.js';
import { derefSchema, itemSchema, listMapKeys, propertySchema } from '../schema/schema-navigation.js';

/**
 * The set of fields an object sets, in the `FieldsV1` trie format of `metadata.managedFields`
 * (structured-merge-diff): `f:<field>` for fields, `k:<json keys>` for items of associative lists,
 * `v:<json value>` for items of sets, `.` for the item itself; a leaf is `{}`.
 */
export function fieldSetOf(object: JsonObject, schema: JsonSchema | undefined): JsonObject {
  const fields: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'status') continue;
    if (key === 'metadata' && isJsonObject(value)) {
      const metadata = metadataFields(value, propertySchema(schema, 'metadata'));
      if (Object.keys(metadata).length > 0) fields['f:metadata'] = metadata;
      continue;
    }
    fields[`f:${key}`] = valueFields(value, propertySchema(schema, key));
  }
  return fields;
}

/** Server-owned metadata is never part of a manager's field set. */
const SERVER_METADATA = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink']);

function metadataFields(metadata: JsonObject, schema: JsonSchema | undefined): JsonObject {
  const fields: JsonObject = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (!SERVER_METADATA.has(key)) fields[`f:${key}`] = valueFields(value, propertySchema(schema, key));
  }
  return fields;
}

function valueFields(value: JsonValue, fieldSchema: JsonSchema | undefined): JsonObject {
  if (isJsonObject(value)) {
    if (derefSchema(fieldSchema)?.['x-kubernetes-map-type'] === 'atomic') return {};
    const fields: JsonObject = {};
    for (const [key, child] of Object.entries(value)) fields[`f:${key}`] = valueFields(child, propertySchema(fieldSchema, key));
    return fields;
  }
  if (Array.isArray(value)) {
    const keys = listMapKeys(fieldSchema);
    const items = itemSchema(fieldSchema);
    if (keys) {
      const fields: JsonObject = {};
      for (const item of value) {
        if (!isJsonObject(item)) continue;
        fields[itemKey(item, keys)] = { '.': {}, ...valueFields(item, items) };
      }
      return fields;
    }
    if (isSet(fieldSchema)) {
      const fields: JsonObject = {};
      for (const item of value) fields[`v:${JSON.stringify(item)}`] = {};
      return fields;
    }
  }
  return {};
}

/** 'k:{"name":"web"}' — the identifying keys of an associative-list item, sorted by key. */
export function itemKey(item: JsonObject, keys: string[]): string {
  const identity: JsonObject = {};
  for (const key of [...keys].sort()) if (item[key] !== undefined) identity[key] = item[key];
  return `k:${JSON.stringify(identity)}`;
}

export function isSet(fieldSchema: JsonSchema | undefined): boolean {
  if (fieldSchema?.['x-kubernetes-list-type'] === 'set') return true;
  const strategy = fieldSchema?.['x-kubernetes-patch-strategy'];
  const items = derefSchema(itemSchema(fieldSchema));
  return typeof strategy === 'string' && strategy.split(',').includes('merge') && items !== undefined && items.type !== 'object' && !items.properties;
}
