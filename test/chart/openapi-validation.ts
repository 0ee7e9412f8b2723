/**
 * Strict validation of rendered objects against the Kubernetes OpenAPI schema, as kube-apiserver
 * does with fieldValidation=Strict: every object must be a built-in kind (or one the caller allows)
 * and carry no wrong types, missing required fields or unknown fields.
 */
import { builtinResources } from '../../framework/testing/schema/builtin-catalogue.js';
import { type JsonObject } from '../../framework/testing/schema/json.js';
import { validateBuiltin } from '../../framework/testing/validation/index.js';
import { type KubeObject } from '../../framework/index.js';

export interface ObjectProblems {
  object: string;
  problems: string[];
}

function definitionOf(object: KubeObject): string | undefined {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  return builtinResources().find((r) => r.group === group && r.version === version && r.kind === object.kind)?.definition;
}

/** The problems of each object that has any; objects of `allowedCustomKinds` are not checked. */
export function strictValidationProblems(objects: KubeObject[], allowedCustomKinds: string[] = []): ObjectProblems[] {
  const found: ObjectProblems[] = [];
  for (const object of objects) {
    const name = `${object.kind}/${object.metadata?.name ?? '?'}`;
    const definition = definitionOf(object);
    if (!definition) {
      if (!allowedCustomKinds.includes(`${object.apiVersion}/${object.kind}`)) {
        found.push({ object: name, problems: [`${object.apiVersion} ${object.kind} is not a built-in Kubernetes kind`] });
      }
      continue;
    }
    const { errors, unknownFields } = validateBuiltin(object as unknown as JsonObject, definition);
    const problems = [
      ...errors.map((e) => `${e.field}: ${e.message}`),
      ...unknownFields.map((field) => `unknown field "${field}"`),
    ];
    if (problems.length > 0) found.push({ object: name, problems });
  }
  return found;
}
