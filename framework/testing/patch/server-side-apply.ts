import { cloneJson, isJsonObject, jsonEqual, type JsonObject, type JsonSchema, type JsonValue } from '../schema/json.js';
import { definitionNamed } from '../schema/openapi-document.js';
import { derefSchema, itemSchema, listMapKeys, propertySchema } from '../schema/schema-navigation.js';
import { fieldSetOf, isSet } from './managed-fields.js';
import { PatchError } from './patch-error.js';

export interface ServerSideApplyOptions {
  fieldManager: string;
  /** Accepted for the API's sake: conflicts between managers are not detected, so it changes nothing. */
  force: boolean;
  /** OpenAPI definition of a built-in kind, e.g. 'io.k8s.api.apps.v1.Deployment'. */
  definitionName?: string;
  /** The structural schema (`openAPIV3Schema`) of a custom resource, for its list types. */
  schema?: JsonSchema;
  /** The time recorded in the managedFields entry; now by default. */
  now?: Date;
}

/**
 * Server-side apply: creates the object from `applied` when `live` is absent, otherwise merges
 * `applied` into `live` the structured-merge-diff way (maps merge, associative lists merge by their
 * keys, sets union, other lists are atomic and replaced), and removes fields this manager applied
 * before but no longer applies (unless another manager also set them). The manager's `Apply` entry
 * in `metadata.managedFields` is recorded or replaced. Conflicts with other managers are not
 * detected. Neither input is modified.
 */
export function applyServerSideApply(live: JsonObject | undefined, applied: JsonObject, options: ServerSideApplyOptions): JsonObject {
  if (!options.fieldManager) throw new PatchError('PATCH: fieldManager is required for apply requests', 400);
  if (!isJsonObject(applied)) throw new PatchError('the body of an apply request must be a JSON object', 400);
  if (typeof applied.apiVersion !== 'string' || typeof applied.kind !== 'string') {
    throw new PatchError('invalid object type: an applied configuration needs "apiVersion" and "kind"', 400);
  }
  const schema = options.definitionName ? definitionNamed(options.definitionName) : options.schema;
  const config = withoutManagedFields(applied);
  const fieldsV1 = fieldSetOf(config, schema);
  let result: JsonObject;
  if (!live) {
    result = cloneJson(config);
  } else {
    result = mergeApplied(cloneJson(live), config, schema);
    const previous = managedEntries(live).find((entry) => entry.manager === options.fieldManager && entry.operation === 'Apply');
    const others = managedEntries(live).filter((entry) => !(entry.manager === options.fieldManager && entry.operation === 'Apply'));
    if (previous && isJsonObject(previous.fieldsV1)) {
      removeReleased(result, previous.fieldsV1, fieldsV1, others.map((entry) => (isJsonObject(entry.fieldsV1) ? entry.fieldsV1 : {})));
    }
  }
  const entry: JsonObject = {
    manager: options.fieldManager,
    operation: 'Apply',
    apiVersion: applied.apiVersion,
    time: (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    fieldsType: 'FieldsV1',
    fieldsV1,
  };
  const kept = live ? managedEntries(live).filter((e) => !(e.manager === options.fieldManager && e.operation === 'Apply')) : [];
  const metadata = isJsonObject(result.metadata) ? result.metadata : {};
  metadata.managedFields = [...kept.map((e) => cloneJson(e)), entry];
  result.metadata = metadata;
  return result;
}

function withoutManagedFields(applied: JsonObject): JsonObject {
  const copy = cloneJson(applied);
  if (isJsonObject(copy.metadata)) delete copy.metadata.managedFields;
  return copy;
}

function managedEntries(object: JsonObject): JsonObject[] {
  const metadata = object.metadata;
  const entries = isJsonObject(metadata) ? metadata.managedFields : undefined;
  return Array.isArray(entries) ? entries.filter(isJsonObject) : [];
}

/** Merges an applied configuration into `live` (owned by the caller, changed and returned). */
function mergeApplied(live: JsonObject, applied: JsonObject, schema: JsonSchema | undefined): JsonObject {
  for (const [key, value] of Object.entries(applied)) {
    if (key === 'metadata' && isJsonObject(value)) {
      const metadata = isJsonObject(live.metadata) ? live.metadata : {};
      live.metadata = mergeApplied(metadata, value, propertySchema(schema, key));
      continue;
    }
    live[key] = mergeAppliedValue(live[key], value, propertySchema(schema, key));
  }
  return live;
}

function mergeAppliedValue(live: JsonValue | undefined, applied: JsonValue, fieldSchema: JsonSchema | undefined): JsonValue {
  if (isJsonObject(applied)) {
    if (!isJsonObject(live) || derefSchema(fieldSchema)?.['x-kubernetes-map-type'] === 'atomic') return cloneJson(applied);
    return mergeApplied(live, applied, derefSchema(fieldSchema));
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const keys = listMapKeys(fieldSchema);
    if (keys) {
      const result = [...live];
      for (const item of applied) {
        if (!isJsonObject(item)) continue;
        const index = result.findIndex((existing) => isJsonObject(existing) && keys.every((key) => jsonEqual(existing[key], item[key])));
        if (index >= 0) result[index] = mergeApplied(result[index] as JsonObject, item, derefSchema(itemSchema(fieldSchema)));
        else result.push(cloneJson(item));
      }
      return result;
    }
    if (isSet(fieldSchema)) {
      const result = [...live];
      for (const item of applied) if (!result.some((existing) => jsonEqual(existing, item))) result.push(cloneJson(item));
      return result;
    }
  }
  return cloneJson(applied);
}

/**
 * Removes from `object` the fields in `previous` (what the manager applied last time) that are
 * neither in `current` nor owned by another manager.
 */
function removeReleased(object: JsonObject, previous: JsonObject, current: JsonObject, others: JsonObject[]): void {
  for (const [key, prevChild] of Object.entries(previous)) {
    if (key === '.' || !key.startsWith('f:')) continue;
    const field = key.slice(2);
    const curChild = current[key];
    const otherChildren = others.map((other) => other[key]).filter(isJsonObject);
    if (!isJsonObject(curChild)) {
      if (otherChildren.length === 0) delete object[field];
      continue;
    }
    if (!isJsonObject(prevChild)) continue;
    const value = object[field];
    if (isJsonObject(value)) removeReleased(value, prevChild, curChild, otherChildren);
    else if (Array.isArray(value)) object[field] = removeReleasedItems(value, prevChild, curChild, otherChildren);
  }
}

function removeReleasedItems(list: JsonValue[], previous: JsonObject, current: JsonObject, others: JsonObject[]): JsonValue[] {
  const released = (entryKey: string): boolean => !(entryKey in current) && !others.some((other) => entryKey in other);
  return list.filter((item) => {
    for (const entryKey of Object.keys(previous)) {
      if (entryKey.startsWith('v:') && released(entryKey) && jsonEqual(JSON.parse(entryKey.slice(2)) as JsonValue, item)) return false;
      if (entryKey.startsWith('k:') && isJsonObject(item)) {
        const identity = JSON.parse(entryKey.slice(2)) as JsonObject;
        if (!Object.entries(identity).every(([k, v]) => jsonEqual(item[k], v))) continue;
        if (released(entryKey)) return false;
        const prevItem = previous[entryKey];
        const curItem = current[entryKey];
        if (isJsonObject(prevItem) && isJsonObject(curItem)) {
          removeReleased(item, prevItem, curItem, others.map((other) => other[entryKey]).filter(isJsonObject));
        }
      }
    }
    return true;
  });
}

