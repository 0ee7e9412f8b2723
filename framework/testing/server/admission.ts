/**
 * Schema admission: strict field validation, pruning, defaulting and validation of built-in kinds
 * (OpenAPI definitions) and custom resources (structural schema + CEL rules), turned into the Status
 * errors kube-apiserver answers with.
 */
import { type KubeObject } from '../../client/types.js';
import { type JsonObject, type JsonSchema } from '../schema/index.js';
import { compileCrdSchema, formatInvalid, validateBuiltin, type FieldError } from '../validation/index.js';
import { type ApiStatusError, errors } from './errors.js';
import { type ResourceType } from './registry.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

type Compiled = ReturnType<typeof compileCrdSchema>;

function deletePath(o: unknown, path: string): void {
  const segs = path.replace(/^\./, '').match(/[^.[\]]+/g) ?? [];
  let cur: unknown = o;
  for (let i = 0; i < segs.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string, unknown>)[segs[i]];
  }
  if (cur && typeof cur === 'object' && !Array.isArray(cur)) delete (cur as Record<string, unknown>)[segs[segs.length - 1]];
}

function strictDecodingError(t: ResourceType, unknown: string[]): ApiStatusError {
  const list = unknown.map((f) => `unknown field "${f.replace(/^\./, '')}"`).join(', ');
  return errors.badRequest(`${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: strict decoding error: ${list}`);
}

function invalid(t: ResourceType, name: string, errs: FieldError[]): ApiStatusError {
  const typeErrors = errs.filter((e) => e.type === 'FieldValueTypeInvalid');
  const causes = errs.map((e) => ({ reason: e.type, message: e.message, field: e.field }));
  if (typeErrors.length > 0) {
    return errors.badRequest(`${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: ${typeErrors.map((e) => `${e.field}: ${e.message}`).join(', ')}`, causes);
  }
  return errors.invalid(t.kind, t.group, name, formatInvalid(t.kind, t.group, name, errs), causes);
}

export class Admission {
  private readonly compiled = new Map<string, Compiled>();

  /**
   * Returns the object to store (pruned and defaulted for custom resources, unknown fields dropped for
   * built-ins); throws 400/422 Status errors. Warnings (fieldValidation=Warn) are appended to `warnings`.
   */
  admit(t: ResourceType, o: KubeObject, old: KubeObject | undefined, mode: FieldValidation, warnings: string[]): KubeObject {
    const name = o.metadata.name ?? '';
    if (t.custom) return this.admitCustom(t, o, old, mode, warnings, name);
    if (!t.definition) return o;
    if (t.group === 'apiextensions.k8s.io' && t.kind === 'CustomResourceDefinition') this.checkCrd(o);
    const { errors: errs, unknownFields } = validateBuiltin(o as unknown as JsonObject, t.definition);
    this.handleUnknown(t, unknownFields, mode, warnings);
    for (const f of unknownFields) deletePath(o, f);
    if (errs.length) throw invalid(t, name, errs);
    return o;
  }

  /** A CRD whose schemas do not compile (bad pattern, bad CEL rule) is rejected like kube-apiserver does. */
  checkCrd(crd: KubeObject): void {
    const spec = (crd.spec ?? {}) as { group?: string; names?: { plural?: string } };
    const expected = `${spec.names?.plural ?? ''}.${spec.group ?? ''}`;
    if (crd.metadata.name !== expected) {
      const message = `Invalid value: "${crd.metadata.name}": must be spec.names.plural+"."+spec.group`;
      throw errors.invalid('CustomResourceDefinition', 'apiextensions.k8s.io', crd.metadata.name ?? '', `CustomResourceDefinition.apiextensions.k8s.io "${crd.metadata.name}" is invalid: metadata.name: ${message}`, [{ reason: 'FieldValueInvalid', message, field: 'metadata.name' }]);
    }
    const versions = ((crd.spec as { versions?: Array<{ name: string; schema?: { openAPIV3Schema?: JsonSchema } }> } | undefined)?.versions) ?? [];
    for (const v of versions) {
      if (!v.schema?.openAPIV3Schema) continue;
      try {
        compileCrdSchema(v.schema.openAPIV3Schema as unknown as JsonObject);
      } catch (e) {
        const field = `spec.versions[${v.name}].schema.openAPIV3Schema`;
        const message = (e as Error).message;
        throw errors.invalid('CustomResourceDefinition', 'apiextensions.k8s.io', crd.metadata.name ?? '', `CustomResourceDefinition.apiextensions.k8s.io "${crd.metadata.name}" is invalid: ${field}: Invalid value: ${message}`, [{ reason: 'FieldValueInvalid', message, field }]);
      }
    }
  }

  forget(crdName: string): void {
    for (const k of this.compiled.keys()) if (k.startsWith(`${crdName}/`)) this.compiled.delete(k);
  }

  private admitCustom(t: ResourceType, o: KubeObject, old: KubeObject | undefined, mode: FieldValidation, warnings: string[], name: string): KubeObject {
    const schema = t.custom?.openAPIV3Schema;
    if (!schema) return o;
    const key = `${t.custom!.crdName}/${t.version}`;
    let c = this.compiled.get(key);
    if (!c) {
      c = compileCrdSchema(schema as unknown as JsonObject);
      this.compiled.set(key, c);
    }
    const { pruned, unknownFields } = c.prune(o as unknown as JsonObject);
    this.handleUnknown(t, unknownFields, mode, warnings);
    const defaulted = c.applyDefaults(pruned) as unknown as KubeObject;
    const errs = c.validate(defaulted as unknown as JsonObject, old as unknown as JsonObject | undefined);
    if (errs.length) throw invalid(t, name, errs);
    return defaulted;
  }

  private handleUnknown(t: ResourceType, unknownFields: string[], mode: FieldValidation, warnings: string[]): void {
    if (unknownFields.length === 0) return;
    if (mode === 'Strict') throw strictDecodingError(t, unknownFields);
    if (mode === 'Warn') for (const f of unknownFields) warnings.push(`unknown field "${f.replace(/^\./, '')}"`);
  }
}
