import { validateBuiltin } from '../../../../framework/testing/validation/index.js';
import { type JsonObject } from '../../../../framework/testing/schema/index.js';

const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';

function deployment(container: JsonObject = {}, spec: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, creationTimestamp: null },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 0.1 } }, ...container }] },
      },
      ...spec,
    },
  };
}

describe('validateBuiltin', () => {
  it('accepts a valid Deployment with int-or-string, quantities (string and number) and a null timestamp', () => {
    expect(validateBuiltin(deployment(), DEPLOYMENT)).toEqual({ errors: [], unknownFields: [] });
  });

  it('reports unknown fields in strict-decoding style, through $refs and list items', () => {
    const result = validateBuiltin({ ...deployment({ bogus: 1 }, { replica: 3 }), extra: true }, DEPLOYMENT);
    expect(result.unknownFields).toEqual(['.spec.template.spec.containers[0].bogus', '.spec.replica', '.extra']);
    expect(result.errors).toEqual([]);
  });

  it.each<[string, JsonObject, JsonObject, string]>([
    ['a string for an integer', {}, { replicas: 'two' }, 'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"'],
    ['a fraction for an integer', {}, { replicas: 1.5 }, 'spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"'],
    ['a boolean for int-or-string', {}, { strategy: { rollingUpdate: { maxSurge: true } } }, 'spec.strategy.rollingUpdate.maxSurge: Invalid value: "boolean": spec.strategy.rollingUpdate.maxSurge in body must be of type integer,string: "boolean"'],
    ['a bad quantity', { resources: { limits: { memory: '12 apples' } } }, {}, "spec.template.spec.containers[0].resources.limits.memory: Invalid value: \"12 apples\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['a list for an object', { resources: [] }, {}, 'spec.template.spec.containers[0].resources: Invalid value: "array": spec.template.spec.containers[0].resources in body must be of type object: "array"'],
    ['a missing required field', { name: undefined as never }, {}, 'spec.template.spec.containers[0].name: Required value'],
  ])('reports %s', (_title, container, spec, expected) => {
    const object = deployment(container, spec);
    const containers = ((((object.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[]);
    if ('name' in container) delete containers[0].name;
    const { errors } = validateBuiltin(object, DEPLOYMENT);
    expect(errors.map((e) => `${e.field}: ${e.message}`)).toEqual([expected]);
  });

  it('reports a bad date-time and accepts base64 bytes in a Secret', () => {
    const { errors } = validateBuiltin({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', creationTimestamp: 'yesterday' }, data: { ok: 'aGVsbG8=', bad: '%%%' } }, 'io.k8s.api.core.v1.Secret');
    expect(errors.map((e) => e.field)).toEqual(['metadata.creationTimestamp', 'data.bad']);
  });

  it('keeps free-form objects (a CRD schema) free', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { spec: { type: 'object', default: { a: 1 } } } } } }] },
    };
    expect(validateBuiltin(crd, 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition')).toEqual({ errors: [], unknownFields: [] });
  });

  it('names an unknown definition', () => {
    expect(() => validateBuiltin({}, 'io.k8s.api.apps.v1.Nope')).toThrow(/unknown OpenAPI definition "io.k8s.api.apps.v1.Nope"/);
  });
});
