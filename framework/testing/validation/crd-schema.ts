import { cloneJson, type JsonObject, type JsonSchema } from '../schema/json.js';
import { compileRules } from './cel-rules.js';
import { defaultValue, pruneValue } from './crd-prune-default.js';
import { checkPatterns, validateNode } from './crd-validate.js';
import { type FieldError } from './field-error.js';

/** A CRD version's structural schema, ready to validate, prune and default custom resources. */
export interface CompiledCrdSchema {
  /** Field errors of `object`; `old` (the stored object) enables transition rules on updates. */
  validate(object: JsonObject, old?: JsonObject): FieldError[];
  /** The object without the fields the schema does not declare, and their paths ('.spec.foo'). */
  prune(object: JsonObject): { pruned: JsonObject; unknownFields: string[] };
  /** The object with the schema's defaults filled in. */
  applyDefaults(object: JsonObject): JsonObject;
}

/**
 * Compiles a CRD `openAPIV3Schema`: regular expressions and CEL rules are compiled once, here, so a
 * broken schema fails when the CRD is registered rather than on the first object.
 */
export function compileCrdSchema(openAPIV3Schema: JsonObject): CompiledCrdSchema {
  const schema = cloneJson(openAPIV3Schema) as JsonSchema;
  checkPatterns(schema);
  compileAllRules(schema);
  return {
    validate(object, old) {
      const errors: FieldError[] = [];
      validateNode(object, schema, '', old, true, errors);
      return errors;
    },
    prune(object) {
      const unknownFields: string[] = [];
      const pruned = pruneValue(cloneJson(object), schema, '', true, unknownFields) as JsonObject;
      return { pruned, unknownFields };
    },
    applyDefaults(object) {
      return defaultValue(cloneJson(object), schema) as JsonObject;
    },
  };
}

function compileAllRules(schema: JsonSchema): void {
  compileRules(schema);
  for (const child of Object.values(schema.properties ?? {})) compileAllRules(child);
  if (typeof schema.additionalProperties === 'object') compileAllRules(schema.additionalProperties);
  if (schema.items) compileAllRules(schema.items);
}
