import { type JsonValue } from '../schema/json.js';

export type FieldErrorType =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueNotSupported'
  | 'FieldValueTypeInvalid'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueForbidden';

/**
 * One validation error, as kube-apiserver's field.Error: `field` is the path ('spec.plugins[0].sha256'),
 * `message` the error body without the path ('Invalid value: "x": …', 'Required value').
 */
export interface FieldError {
  field: string;
  type: FieldErrorType;
  message: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueRequired: 'Required value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueForbidden: 'Forbidden',
};

/** A bad value, printed the way Go's field.Error does (%q for strings, %v for numbers, %#v else). */
export type BadValue = JsonValue;

/** Builds a FieldError whose message matches field.Error.ErrorBody(). */
export function fieldError(type: FieldErrorType, field: string, value: BadValue, detail: string): FieldError {
  let body = TYPE_TEXT[type];
  const omitsValue = type === 'FieldValueRequired' || type === 'FieldValueForbidden' || type === 'FieldValueTooLong';
  if (!omitsValue) body += `: ${goValue(value)}`;
  if (detail) body += `: ${detail}`;
  return { field, type, message: body };
}

export const required = (field: string, detail = ''): FieldError => fieldError('FieldValueRequired', field, '', detail);
export const forbidden = (field: string, detail: string): FieldError => fieldError('FieldValueForbidden', field, '', detail);
export const invalid = (field: string, value: BadValue, detail: string): FieldError => fieldError('FieldValueInvalid', field, value, detail);
export const typeInvalid = (field: string, value: BadValue, detail: string): FieldError => fieldError('FieldValueTypeInvalid', field, value, detail);
export const duplicate = (field: string, value: BadValue): FieldError => fieldError('FieldValueDuplicate', field, value, '');
export const tooLong = (field: string, maxLength: number): FieldError => fieldError('FieldValueTooLong', field, '', `may not be longer than ${maxLength}`);
export const tooMany = (field: string, actual: number, max: number): FieldError => fieldError('FieldValueTooMany', field, actual, `must have at most ${max} items`);

export function notSupported(field: string, value: BadValue, supported: JsonValue[]): FieldError {
  const quoted = supported.map((v) => JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v)));
  return fieldError('FieldValueNotSupported', field, value, quoted.length > 0 ? `supported values: ${quoted.join(', ')}` : '');
}

/** Go's fmt rendering of a decoded JSON value inside field errors. */
export function goValue(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return goSyntax(value);
}

function goSyntax(value: JsonValue): string {
  if (value === null) return '<nil>';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSyntax).join(', ')}}`;
  const entries = Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${goSyntax(value[key])}`);
  return `map[string]interface {}{${entries.join(', ')}}`;
}

/**
 * kube-apiserver's 422 message: `Kind.group "name" is invalid: <error>` for one error and
 * `…is invalid: [<error>, <error>]` for several (duplicates dropped, as field.ErrorList does).
 */
export function formatInvalid(kind: string, group: string, name: string, errors: FieldError[]): string {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const head = `${qualifiedKind} ${JSON.stringify(name)} is invalid`;
  const messages = [...new Set(errors.map((error) => (error.field ? `${error.field}: ${error.message}` : error.message)))];
  if (messages.length === 0) return head;
  return messages.length === 1 ? `${head}: ${messages[0]}` : `${head}: [${messages.join(', ')}]`;
}

/** The `details.causes` of the 422 Status object. */
export function statusCauses(errors: FieldError[]): Array<{ reason: FieldErrorType; message: string; field: string }> {
  return errors.map((error) => ({ reason: error.type, message: error.message, field: error.field }));
}

/** 'spec' + 'replicas' → 'spec.replicas'; '' + 'spec' → 'spec'. */
export function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** The JSON type name go-openapi reports for a value ('string', 'integer', 'number', …). */
export function jsonTypeName(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'object';
  return typeof value;
}
