import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from '../schema/json.js';

/**
 * JSON merge patch (RFC 7386): objects merge key by key, `null` deletes a key, anything else
 * (arrays included) replaces. Neither input is modified.
 */
export function applyMergePatch(original: JsonValue, patch: JsonValue): JsonValue {
  return mergeInto(cloneJson(original), patch);
}

/** Merges `patch` into `target`, a copy this module owns. */
function mergeInto(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const object: JsonObject = isJsonObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete object[key];
    else object[key] = mergeInto(object[key], value);
  }
  return object;
}
