import { cloneJson, isJsonObject, jsonEqual, type JsonObject, type JsonSchema, type JsonValue } from '../schema/json.js';
import { definitionNamed } from '../schema/openapi-document.js';
import { derefSchema, itemSchema, patchStrategies, propertySchema } from '../schema/schema-navigation.js';
import { PatchError } from './patch-error.js';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

/**
 * Kubernetes strategic merge patch, driven by the `x-kubernetes-patch-strategy` and
 * `x-kubernetes-patch-merge-key` extensions of the OpenAPI definition `definitionName`:
 * lists with the merge strategy merge item by item (by merge key, or as a set for primitives),
 * other lists are replaced; maps merge; `null` deletes. Directives: `$patch` (replace, delete,
 * merge) on maps and list items, `$retainKeys`, `$setElementOrder/<list>`,
 * `$deleteFromPrimitiveList/<list>`. Neither input is modified.
 */
export function applyStrategicMergePatch(original: JsonObject, patch: JsonObject, definitionName: string): JsonObject {
  if (!isJsonObject(patch)) throw new PatchError('the body of the request was in an unknown format: a strategic merge patch must be a JSON object', 400);
  return mergeMap(cloneJson(original), patch, definitionNamed(definitionName));
}

/** Merges `patch` into `original`, which the caller owns (it is changed and returned). */
function mergeMap(original: JsonObject, patch: JsonObject, schema: JsonSchema | undefined): JsonObject {
  const directive = patch[DIRECTIVE];
  if (directive !== undefined) {
    if (directive === 'replace') return mergeMap({}, withoutKey(patch, DIRECTIVE), schema);
    if (directive === 'delete') return {};
    if (directive !== 'merge') throw new PatchError(`unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(patch)}`, 400);
  }
  const before: JsonObject = { ...original };
  applyRetainKeys(original, patch);
  for (const [key, values] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) deleteFromPrimitiveList(original, key.slice(DELETE_FROM_PRIMITIVE_LIST.length), values);
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete original[key];
      continue;
    }
    original[key] = mergeValue(original[key], value, propertySchema(schema, key));
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const field = key.slice(SET_ELEMENT_ORDER.length);
    const list = original[field];
    if (!Array.isArray(order)) throw new PatchError(`invalid patch: ${key} must be a list, got ${JSON.stringify(order)}`, 400);
    const serverList = before[field];
    if (Array.isArray(list)) original[field] = applyElementOrder(list, Array.isArray(serverList) ? serverList : [], order, mergeKeyOf(propertySchema(schema, field)));
  }
  return original;
}

function mergeValue(original: JsonValue | undefined, patch: JsonValue, fieldSchema: JsonSchema | undefined): JsonValue {
  if (isJsonObject(patch)) {
    if (patchStrategies(fieldSchema).includes('replace')) return mergeMap({}, patch, derefSchema(fieldSchema));
    return mergeMap(isJsonObject(original) ? original : {}, patch, derefSchema(fieldSchema));
  }
  if (Array.isArray(patch)) {
    const items = itemSchema(fieldSchema);
    if (patchStrategies(fieldSchema).includes('merge')) {
      return mergeList(Array.isArray(original) ? original : [], patch, mergeKeyOf(fieldSchema), items);
    }
    return patch.map((item) => (isJsonObject(item) ? mergeMap({}, item, derefSchema(items)) : cloneJson(item)));
  }
  return patch;
}

function mergeList(original: JsonValue[], patch: JsonValue[], mergeKey: string | undefined, items: JsonSchema | undefined): JsonValue[] {
  const itemType = derefSchema(items);
  if (patch.some((item) => isJsonObject(item) && item[DIRECTIVE] === 'replace')) {
    return patch
      .filter((item) => !(isJsonObject(item) && item[DIRECTIVE] === 'replace'))
      .map((item) => (isJsonObject(item) ? mergeMap({}, item, itemType) : cloneJson(item)));
  }
  if (!patch.some(isJsonObject) && !original.some(isJsonObject)) {
    // A list of primitives with the merge strategy is a set (finalizers): add what is missing.
    const result = [...original];
    for (const value of patch) if (!result.some((existing) => jsonEqual(existing, value))) result.push(value);
    return result;
  }
  if (!mergeKey) {
    throw new PatchError(`the list ${JSON.stringify(patch)} has the merge patch strategy but no merge key in the OpenAPI document`, 422);
  }
  const result = [...original];
  for (const item of patch) {
    if (!isJsonObject(item)) throw new PatchError(`invalid patch: the list item ${JSON.stringify(item)} must be an object with the merge key "${mergeKey}"`, 400);
    const keyValue = item[mergeKey];
    if (keyValue === undefined) throw new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`, 422);
    const matches = (existing: JsonValue): boolean => isJsonObject(existing) && jsonEqual(existing[mergeKey], keyValue);
    if (item[DIRECTIVE] === 'delete') {
      for (let i = result.length - 1; i >= 0; i--) if (matches(result[i])) result.splice(i, 1);
      continue;
    }
    const index = result.findIndex(matches);
    if (index >= 0) result[index] = mergeMap(result[index] as JsonObject, item, itemType);
    else result.push(mergeMap({}, item, itemType));
  }
  return result;
}

/**
 * `$retainKeys`: keys of the original map that are not listed are cleared (the patch's own keys
 * must be listed). Used on fields with the retainKeys strategy, such as a Deployment's strategy.
 */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  const retain = patch[RETAIN_KEYS];
  if (retain === undefined) return;
  if (!Array.isArray(retain) || !retain.every((key) => typeof key === 'string')) {
    throw new PatchError(`invalid patch: ${RETAIN_KEYS} must be a list of strings, got ${JSON.stringify(retain)}`, 400);
  }
  for (const key of Object.keys(patch)) {
    if (!key.startsWith('$') && patch[key] !== null && !retain.includes(key)) {
      throw new PatchError(`the patch has the key "${key}" which is not in ${RETAIN_KEYS} ${JSON.stringify(retain)}`, 422);
    }
  }
  for (const key of Object.keys(original)) if (!retain.includes(key)) delete original[key];
}

function deleteFromPrimitiveList(original: JsonObject, field: string, values: JsonValue): void {
  if (!Array.isArray(values)) throw new PatchError(`invalid patch: ${DELETE_FROM_PRIMITIVE_LIST}${field} must be a list, got ${JSON.stringify(values)}`, 400);
  const list = original[field];
  if (Array.isArray(list)) original[field] = list.filter((item) => !values.some((value) => jsonEqual(value, item)));
}

/**
 * `$setElementOrder/<list>`: the items named in `order` take that relative order; items the patch
 * did not name keep their place relative to the others, as kube's normalizeElementOrder does.
 */
function applyElementOrder(list: JsonValue[], serverList: JsonValue[], order: JsonValue[], mergeKey: string | undefined): JsonValue[] {
  const identity = (item: JsonValue): JsonValue | undefined => (mergeKey && isJsonObject(item) ? item[mergeKey] : item);
  const orderKeys = order.map((entry) => (mergeKey && isJsonObject(entry) ? entry[mergeKey] : entry));
  const orderIndex = (item: JsonValue): number => orderKeys.findIndex((key) => jsonEqual(key, identity(item)));
  const serverIndex = (item: JsonValue): number => serverList.findIndex((existing) => jsonEqual(identity(existing), identity(item)));
  const named = list.filter((item) => orderIndex(item) >= 0).sort((a, b) => orderIndex(a) - orderIndex(b));
  const serverOnly = list.filter((item) => orderIndex(item) < 0);
  const result: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < named.length) {
    if (j >= named.length) result.push(serverOnly[i++]);
    else if (i >= serverOnly.length) result.push(named[j++]);
    else if (bothBefore(serverIndex(serverOnly[i]), serverIndex(named[j]))) result.push(serverOnly[i++]);
    else result.push(named[j++]);
  }
  return result;
}

/** An item the patch did not name goes first only if both were in the original list, in that order. */
function bothBefore(serverOnlyIndex: number, namedIndex: number): boolean {
  return serverOnlyIndex >= 0 && namedIndex >= 0 && serverOnlyIndex < namedIndex;
}

function mergeKeyOf(fieldSchema: JsonSchema | undefined): string | undefined {
  const key = fieldSchema?.['x-kubernetes-patch-merge-key'];
  return typeof key === 'string' ? key : undefined;
}

function withoutKey(object: JsonObject, key: string): JsonObject {
  const copy = { ...object };
  delete copy[key];
  return copy;
}
