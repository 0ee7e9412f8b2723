import { isJsonObject, jsonEqual, type JsonObject, type JsonSchema, type JsonValue } from '../schema/json.js';
import { evaluateRules } from './cel-rules.js';
import { childPath, duplicate, indexPath, invalid, jsonTypeName, notSupported, required, tooLong, tooMany, typeInvalid, type FieldError } from './field-error.js';
import { matchesFormat } from './formats.js';
import { compileGoRegex } from './go-regex.js';

/** Object-level fields the API server validates itself, whatever the CRD schema says. */
const SERVER_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

const patterns = new Map<string, RegExp>();

function patternFor(pattern: string): RegExp {
  let regex = patterns.get(pattern);
  if (!regex) {
    regex = compileGoRegex(pattern);
    patterns.set(pattern, regex);
  }
  return regex;
}

/** Compiles every pattern of a schema up front, so an invalid one fails at CRD time. */
export function checkPatterns(schema: JsonSchema): void {
  if (typeof schema.pattern === 'string') {
    try {
      patternFor(schema.pattern);
    } catch (error) {
      throw new Error(`pattern ${JSON.stringify(schema.pattern)} is not a valid regular expression: ${(error as Error).message}`);
    }
  }
  for (const child of Object.values(schema.properties ?? {})) checkPatterns(child);
  if (isJsonObject(schema.additionalProperties as JsonValue)) checkPatterns(schema.additionalProperties as JsonSchema);
  if (schema.items) checkPatterns(schema.items);
  for (const sub of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.not ? [schema.not] : [])]) checkPatterns(sub);
}

/**
 * Validates a custom resource against its structural schema with kube-apiserver's messages:
 * OpenAPI keywords first (type, enum, formats, bounds, lengths, required), then list types,
 * then the node's CEL rules (with `oldSelf` from `old` on updates).
 */
export function validateNode(value: JsonValue, schema: JsonSchema, path: string, old: JsonValue | undefined, root: boolean, errors: FieldError[]): void {
  if (value === null) {
    if (!schema.nullable && schema.type) errors.push(typeInvalid(path, 'null', `${path} in body must be of type ${schema.type}: "null"`));
    return;
  }
  if (schema['x-kubernetes-int-or-string']) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
      errors.push(typeInvalid(path, jsonTypeName(value), `${path} in body must be of type integer,string: ${JSON.stringify(jsonTypeName(value))}`));
      return;
    }
  } else if (schema.type && !hasType(value, schema.type)) {
    errors.push(typeInvalid(path, jsonTypeName(value), `${path} in body must be of type ${schema.type}: ${JSON.stringify(jsonTypeName(value))}`));
    return;
  }
  if (schema.enum && !schema.enum.some((allowed) => jsonEqual(allowed, value))) errors.push(notSupported(path, value, schema.enum));
  if (typeof value === 'string') validateString(value, schema, path, errors);
  if (typeof value === 'number') validateNumber(value, schema, path, errors);
  if (Array.isArray(value)) validateArray(value, schema, path, Array.isArray(old) ? old : undefined, errors);
  if (isJsonObject(value)) validateObject(value, schema, path, isJsonObject(old) ? old : undefined, root, errors);
  validateJunctors(value, schema, path, errors);
  errors.push(...evaluateRules(schema, value, old, path));
}

/** allOf / anyOf / oneOf / not, which structural schemas allow for value validations. */
function validateJunctors(value: JsonValue, schema: JsonSchema, path: string, errors: FieldError[]): void {
  const failuresOf = (sub: JsonSchema): FieldError[] => {
    const found: FieldError[] = [];
    validateNode(value, sub, path, undefined, false, found);
    return found;
  };
  for (const sub of schema.allOf ?? []) errors.push(...failuresOf(sub));
  if (schema.anyOf && schema.anyOf.length > 0 && schema.anyOf.every((sub) => failuresOf(sub).length > 0)) {
    errors.push(invalid(path, value, `${path} in body must validate at least one schema (anyOf)`));
  }
  if (schema.oneOf && schema.oneOf.length > 0 && schema.oneOf.filter((sub) => failuresOf(sub).length === 0).length !== 1) {
    errors.push(invalid(path, value, `${path} in body must validate one and only one schema (oneOf)`));
  }
  const not = schema.not;
  if (isJsonObject(not as JsonValue) && failuresOf(not as JsonSchema).length === 0) {
    errors.push(invalid(path, value, `${path} in body must not validate the schema (not)`));
  }
}

function hasType(value: JsonValue, type: string): boolean {
  switch (type) {
    case 'object':
      return isJsonObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function validateString(value: string, schema: JsonSchema, path: string, errors: FieldError[]): void {
  const length = [...value].length;
  if (schema.maxLength !== undefined && length > schema.maxLength) errors.push(tooLong(path, schema.maxLength));
  if (schema.minLength !== undefined && length < schema.minLength) errors.push(invalid(path, value, `${path} in body should be at least ${schema.minLength} chars long`));
  if (schema.pattern !== undefined && !patternFor(schema.pattern).test(value)) errors.push(invalid(path, value, `${path} in body should match '${schema.pattern}'`));
  if (schema.format && !matchesFormat(schema.format, value)) errors.push(typeInvalid(path, value, `${path} in body must be of type ${schema.format}: ${JSON.stringify(value)}`));
}

function validateNumber(value: number, schema: JsonSchema, path: string, errors: FieldError[]): void {
  if (schema.maximum !== undefined) {
    if (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum) {
      errors.push(invalid(path, value, `${path} in body should be less than ${schema.exclusiveMaximum ? '' : 'or equal to '}${schema.maximum}`));
    }
  }
  if (schema.minimum !== undefined) {
    if (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum) {
      errors.push(invalid(path, value, `${path} in body should be greater than ${schema.exclusiveMinimum ? '' : 'or equal to '}${schema.minimum}`));
    }
  }
  if (schema.multipleOf !== undefined && schema.multipleOf > 0 && !Number.isInteger(value / schema.multipleOf)) {
    errors.push(invalid(path, value, `${path} in body should be a multiple of ${schema.multipleOf}`));
  }
}

function validateArray(value: JsonValue[], schema: JsonSchema, path: string, old: JsonValue[] | undefined, errors: FieldError[]): void {
  if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(tooMany(path, value.length, schema.maxItems));
  if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(invalid(path, value.length, `${path} in body should have at least ${schema.minItems} items`));
  const listType = schema['x-kubernetes-list-type'];
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  if (listType === 'set') {
    value.forEach((item, index) => {
      if (value.findIndex((other) => jsonEqual(other, item)) < index) errors.push(duplicate(indexPath(path, index), item));
    });
  }
  if (listType === 'map') {
    const identity = (item: JsonValue): JsonObject => Object.fromEntries(keys.filter((key) => isJsonObject(item) && item[key] !== undefined).map((key) => [key, (item as JsonObject)[key]]));
    value.forEach((item, index) => {
      if (value.findIndex((other) => jsonEqual(identity(other), identity(item))) < index) errors.push(duplicate(indexPath(path, index), identity(item)));
    });
  }
  if (!schema.items) return;
  value.forEach((item, index) => {
    // Old items correlate with new ones only in list-type map lists (by their keys), as in kube.
    const oldItem = listType === 'map' && old && isJsonObject(item) ? old.find((candidate) => isJsonObject(candidate) && keys.every((key) => jsonEqual(candidate[key], item[key]))) : undefined;
    validateNode(item, schema.items as JsonSchema, indexPath(path, index), oldItem, false, errors);
  });
}

function validateObject(value: JsonObject, schema: JsonSchema, path: string, old: JsonObject | undefined, root: boolean, errors: FieldError[]): void {
  const count = Object.keys(value).length;
  if (schema.maxProperties !== undefined && count > schema.maxProperties) errors.push(tooMany(path, count, schema.maxProperties));
  if (schema.minProperties !== undefined && count < schema.minProperties) errors.push(invalid(path, count, `${path} in body should have at least ${schema.minProperties} properties`));
  for (const key of schema.required ?? []) {
    if (!(key in value)) errors.push(required(childPath(path, key)));
  }
  if (schema['x-kubernetes-embedded-resource']) {
    if (typeof value.apiVersion !== 'string' || value.apiVersion === '') errors.push(required(childPath(path, 'apiVersion'), 'must not be empty'));
    if (typeof value.kind !== 'string' || value.kind === '') errors.push(required(childPath(path, 'kind'), 'must not be empty'));
  }
  for (const [key, child] of Object.entries(value)) {
    if (root && SERVER_FIELDS.has(key)) continue;
    const childSchema = schema.properties?.[key] ?? (isJsonObject(schema.additionalProperties as JsonValue) ? (schema.additionalProperties as JsonSchema) : undefined);
    if (childSchema) validateNode(child, childSchema, childPath(path, key), old?.[key], false, errors);
  }
}
