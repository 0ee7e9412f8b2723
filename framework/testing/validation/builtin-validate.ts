import { isJsonObject, type JsonObject, type JsonSchema, type JsonValue } from '../schema/json.js';
import { definitionNamed } from '../schema/openapi-document.js';
import { derefSchema } from '../schema/schema-navigation.js';
import { childPath, indexPath, invalid, jsonTypeName, required, typeInvalid, type FieldError } from './field-error.js';
import { isQuantity, matchesFormat, QUANTITY_PATTERN } from './formats.js';

const QUANTITY_REF = '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity';

/**
 * Checks a built-in object against its OpenAPI definition the way kube-apiserver's decoder does
 * with `fieldValidation=Strict`: value types (int-or-string, quantities and times accepted in
 * their JSON forms), required fields, and fields the type does not have, reported as
 * '.spec.foo'. `null` is accepted anywhere, as the decoder reads it as the zero value.
 */
export function validateBuiltin(object: JsonObject, definitionName: string): { errors: FieldError[]; unknownFields: string[] } {
  definitionNamed(definitionName);
  const result = { errors: [] as FieldError[], unknownFields: [] as string[] };
  visit(object, { $ref: `#/definitions/${definitionName}` }, '', result);
  return result;
}

interface Findings {
  errors: FieldError[];
  unknownFields: string[];
}

function visit(value: JsonValue, fieldSchema: JsonSchema, path: string, findings: Findings): void {
  if (value === null) return;
  if (fieldSchema.$ref === QUANTITY_REF) {
    if (typeof value === 'number') return;
    if (typeof value !== 'string') findings.errors.push(typeMismatch(path, 'string', value));
    else if (!isQuantity(value)) findings.errors.push(invalid(path, value, `quantities must match the regular expression '${QUANTITY_PATTERN}'`));
    return;
  }
  const schema = derefSchema(fieldSchema);
  if (!schema) return;
  if (schema.format === 'int-or-string' || schema['x-kubernetes-int-or-string']) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) findings.errors.push(typeMismatch(path, 'integer,string', value));
    return;
  }
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') findings.errors.push(typeMismatch(path, 'string', value));
      else if (schema.format && schema.format !== 'int-or-string' && !matchesFormat(schema.format, value)) {
        findings.errors.push(typeInvalid(path, value, `${path} in body must be of type ${schema.format}: ${JSON.stringify(value)}`));
      }
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) findings.errors.push(typeMismatch(path, 'integer', value));
      return;
    case 'number':
      if (typeof value !== 'number') findings.errors.push(typeMismatch(path, 'number', value));
      return;
    case 'boolean':
      if (typeof value !== 'boolean') findings.errors.push(typeMismatch(path, 'boolean', value));
      return;
    case 'array':
      if (!Array.isArray(value)) findings.errors.push(typeMismatch(path, 'array', value));
      else if (schema.items) value.forEach((item, index) => visit(item, schema.items as JsonSchema, indexPath(path, index), findings));
      return;
    case 'object':
      if (!isJsonObject(value)) findings.errors.push(typeMismatch(path, 'object', value));
      else visitObject(value, schema, path, findings);
      return;
    default:
      return;
  }
}

function visitObject(value: JsonObject, schema: JsonSchema, path: string, findings: Findings): void {
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  if (!schema.properties && !additional) return; // free-form (RawExtension, FieldsV1, JSON)
  for (const key of schema.required ?? []) {
    if (value[key] === undefined) findings.errors.push(required(childPath(path, key)));
  }
  for (const [key, child] of Object.entries(value)) {
    const childSchema = schema.properties?.[key] ?? additional;
    if (childSchema) visit(child, childSchema, childPath(path, key), findings);
    else if (!schema['x-kubernetes-preserve-unknown-fields']) findings.unknownFields.push(`.${childPath(path, key)}`);
  }
}

function typeMismatch(path: string, expected: string, value: JsonValue): FieldError {
  const actual = jsonTypeName(value);
  return typeInvalid(path, actual, `${path} in body must be of type ${expected}: ${JSON.stringify(actual)}`);
}
