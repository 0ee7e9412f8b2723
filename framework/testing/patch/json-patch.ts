import fastJsonPatch from 'fast-json-patch';
import { cloneJson, isJsonObject, type JsonValue } from '../schema/json.js';
import { PatchError } from './patch-error.js';

const { applyPatch, JsonPatchError } = fastJsonPatch;

const OPERATIONS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/**
 * JSON patch (RFC 6902). A body that is not a list of operation objects is a 400; an operation that
 * does not apply (failing `test`, missing path, unknown op) is a 422, like kube-apiserver.
 */
export function applyJsonPatch(original: JsonValue, operations: unknown): JsonValue {
  if (!Array.isArray(operations)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch', 400);
  for (const operation of operations) {
    if (!isJsonObject(operation)) throw new PatchError('json: cannot unmarshal a non-object into Go value of type jsonpatch.Operation', 400);
  }
  for (const [index, operation] of operations.entries()) {
    const op = operation.op;
    if (typeof op !== 'string' || !OPERATIONS.has(op)) throw new PatchError(`Unexpected kind: ${String(op)} (operation ${index})`, 422);
    if (typeof operation.path !== 'string') throw new PatchError(`operation ${index} (${op}) is missing a "path" string`, 422);
  }
  try {
    const result = applyPatch(cloneJson(original), cloneJson(operations as JsonValue[]) as never, true, true).newDocument as JsonValue;
    return cloneJson(result);
  } catch (error) {
    if (error instanceof JsonPatchError) throw new PatchError(describe(error), 422);
    throw error;
  }
}

function describe(error: InstanceType<typeof JsonPatchError>): string {
  const operation = (error.operation ?? {}) as { op?: string; path?: string; from?: string };
  switch (error.name) {
    case 'TEST_OPERATION_FAILED':
      return `testing value ${operation.path ?? ''} failed: test failed`;
    case 'OPERATION_PATH_UNRESOLVABLE':
      return `${operation.op ?? 'the'} operation does not apply: doc is missing path: "${operation.path ?? ''}": missing value`;
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `${operation.op ?? 'the'} operation does not apply: doc is missing from path: "${operation.from ?? ''}": missing value`;
    case 'OPERATION_VALUE_REQUIRED':
      return `${operation.op ?? 'the'} operation at "${operation.path ?? ''}" needs a "value"`;
    default:
      return `${operation.op ?? 'the'} operation at "${operation.path ?? ''}" does not apply: ${error.message.split('\n')[0]}`;
  }
}
