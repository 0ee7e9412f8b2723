import { Environment } from '@marcbachmann/cel-js';
import { isJsonObject, type JsonSchema, type JsonValue } from '../schema/json.js';
import { derefSchema } from '../schema/schema-navigation.js';
import { registerKubeLibrary } from './cel-kube-library.js';
import { childPath, fieldError, forbidden, invalid, required, type FieldError } from './field-error.js';

type ValidationRule = NonNullable<JsonSchema['x-kubernetes-validations']>[number];

/** A CEL value: JSON with integers as bigint (CEL `int`), as kube hands objects to CEL. */
type CelValue = string | number | bigint | boolean | null | CelValue[] | { [key: string]: CelValue };

interface CompiledRule {
  rule: ValidationRule;
  evaluate: (context: Record<string, unknown>) => unknown;
  message?: (context: Record<string, unknown>) => unknown;
  transition: boolean;
}

const environment = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
registerKubeLibrary(environment);

const compiledBySchema = new WeakMap<JsonSchema, CompiledRule[]>();

/**
 * Compiles the `x-kubernetes-validations` of one schema node (once per node). An invalid rule is a
 * CRD error, reported with the rule's text.
 */
export function compileRules(schema: JsonSchema): CompiledRule[] {
  let compiled = compiledBySchema.get(schema);
  if (!compiled) {
    compiled = (schema['x-kubernetes-validations'] ?? []).map((rule) => {
      try {
        const program = environment.parse(rule.rule);
        const message = rule.messageExpression ? environment.parse(rule.messageExpression) : undefined;
        return {
          rule,
          evaluate: (context: Record<string, unknown>) => program(context),
          message: message ? (context: Record<string, unknown>) => message(context) : undefined,
          transition: /\boldSelf\b/.test(rule.rule),
        };
      } catch (error) {
        throw new Error(`x-kubernetes-validations rule ${JSON.stringify(rule.rule)} does not compile: ${(error as Error).message}`);
      }
    });
    compiledBySchema.set(schema, compiled);
  }
  return compiled;
}

/**
 * Runs the CEL rules of one schema node against its value. Transition rules (those using
 * `oldSelf`) run only on updates where the old value exists, as in kube-apiserver.
 */
export function evaluateRules(schema: JsonSchema, value: JsonValue, old: JsonValue | undefined, path: string): FieldError[] {
  const rules = compileRules(schema);
  if (rules.length === 0) return [];
  const errors: FieldError[] = [];
  const self = toCel(value, schema);
  const oldSelf = old === undefined ? undefined : toCel(old, schema);
  for (const compiled of rules) {
    if (compiled.transition && oldSelf === undefined) continue;
    const context: Record<string, unknown> = oldSelf === undefined ? { self } : { self, oldSelf };
    const rulePath = compiled.rule.fieldPath ? joinFieldPath(path, compiled.rule.fieldPath) : path;
    let outcome: unknown;
    try {
      outcome = compiled.evaluate(context);
    } catch (error) {
      errors.push(invalid(rulePath, schemaTypeName(schema), `${firstLine(error)} evaluating rule: ${compiled.rule.rule}`));
      continue;
    }
    if (outcome === true) continue;
    errors.push(ruleError(compiled, context, rulePath, schema));
  }
  return errors;
}

function ruleError(compiled: CompiledRule, context: Record<string, unknown>, path: string, schema: JsonSchema): FieldError {
  const message = ruleMessage(compiled, context);
  switch (compiled.rule.reason) {
    case 'FieldValueForbidden':
      return forbidden(path, message);
    case 'FieldValueRequired':
      return required(path, message);
    case 'FieldValueDuplicate':
      return fieldError('FieldValueDuplicate', path, schemaTypeName(schema), message);
    default:
      return invalid(path, schemaTypeName(schema), message);
  }
}

function ruleMessage(compiled: CompiledRule, context: Record<string, unknown>): string {
  if (compiled.message) {
    try {
      const text = compiled.message(context);
      if (typeof text === 'string' && text.trim() !== '') return text;
    } catch {
      // kube falls back to `message` (or the rule) when messageExpression fails to evaluate.
    }
  }
  return compiled.rule.message ?? `failed rule: ${compiled.rule.rule.trim()}`;
}

/** kube reports a rule failure with the schema type as the bad value ("object", "string"). */
function schemaTypeName(schema: JsonSchema): string {
  return schema.type ?? (schema['x-kubernetes-int-or-string'] ? 'integer-or-string' : '');
}

/** fieldPath is relative to the node: '.spec.x', "['x']" or '.items[0]'. */
function joinFieldPath(path: string, fieldPath: string): string {
  const relative = fieldPath.replace(/\['([^']*)'\]/g, '.$1');
  if (!path) return relative.replace(/^\./, '');
  return relative.startsWith('.') || relative.startsWith('[') ? `${path}${relative}` : childPath(path, relative);
}

/** The evaluation error's first line, lower-cased first letter as cel-go words it ('no such key: x'). */
function firstLine(error: unknown): string {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0].trim();
  return line.charAt(0).toLowerCase() + line.slice(1);
}

/** JSON → CEL values: schema integers become bigint so CEL sees `int`, not `double`. */
function toCel(value: JsonValue, schema: JsonSchema | undefined): CelValue {
  const node = derefSchema(schema);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    const integral = node?.type === 'integer' || node?.['x-kubernetes-int-or-string'] === true || (node?.type === undefined && Number.isInteger(value));
    return integral && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => toCel(item, node?.items));
  const out: { [key: string]: CelValue } = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    const childSchema = node?.properties?.[key] ?? (isJsonObject(node?.additionalProperties as JsonValue) ? (node?.additionalProperties as JsonSchema) : undefined);
    out[key] = toCel(child, childSchema);
  }
  return out;
}
