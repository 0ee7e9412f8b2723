import { applyServerSideApply, PatchError } from '../../../../framework/testing/patch/index.js';
import { type JsonObject, type JsonSchema } from '../../../../framework/testing/schema/index.js';

const NOW = new Date('2025-01-02T03:04:05.678Z');
const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';

function applied(image: string, extra: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image, ...extra }] } } },
  };
}

const managed = (object: JsonObject): JsonObject[] => (object.metadata as JsonObject).managedFields as JsonObject[];
const podSpec = (object: JsonObject): JsonObject => ((object.spec as JsonObject).template as JsonObject).spec as JsonObject;

describe('applyServerSideApply', () => {
  it('creates the object and records the manager\'s field set', () => {
    const result = applyServerSideApply(undefined, applied('nginx'), { fieldManager: 'kubectl', force: false, definitionName: DEPLOYMENT, now: NOW });
    expect(podSpec(result).containers).toEqual([{ name: 'web', image: 'nginx' }]);
    expect(managed(result)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2025-01-02T03:04:05Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            // LabelSelector is an atomic map (x-kubernetes-map-type: atomic), owned as a whole.
            'f:selector': {},
            'f:template': { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
          },
        },
      },
    ]);
  });

  it('merges into the live object, keeping fields set by others and other managers\' entries', () => {
    const live = applyServerSideApply(undefined, applied('nginx'), { fieldManager: 'kubectl', force: false, definitionName: DEPLOYMENT, now: NOW });
    (live.metadata as JsonObject).managedFields = [...managed(live), { manager: 'controller', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:paused': {} } } }];
    (live.spec as JsonObject).paused = true;
    const sidecar: JsonObject = { ...applied('nginx:1.27') };
    podSpec(sidecar).containers = [{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }];
    const result = applyServerSideApply(live, sidecar, { fieldManager: 'kubectl', force: false, definitionName: DEPLOYMENT, now: NOW });
    expect(podSpec(result).containers).toEqual([{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }]);
    expect((result.spec as JsonObject).paused).toBe(true);
    expect(managed(result).map((entry) => `${entry.manager as string}/${entry.operation as string}`)).toEqual(['controller/Update', 'kubectl/Apply']);
  });

  it('removes fields the manager applied before and no longer applies', () => {
    const live = applyServerSideApply(undefined, applied('nginx', { args: ['--a'] }), { fieldManager: 'kubectl', force: false, definitionName: DEPLOYMENT, now: NOW });
    const result = applyServerSideApply(live, applied('nginx'), { fieldManager: 'kubectl', force: false, definitionName: DEPLOYMENT, now: NOW });
    expect(podSpec(result).containers).toEqual([{ name: 'web', image: 'nginx' }]);
  });

  it('keeps a released field that another manager also owns', () => {
    const live = applyServerSideApply(undefined, applied('nginx'), { fieldManager: 'a', force: false, definitionName: DEPLOYMENT, now: NOW });
    const both = applyServerSideApply(live, applied('nginx'), { fieldManager: 'b', force: false, definitionName: DEPLOYMENT, now: NOW });
    const withoutReplicas = applied('nginx');
    delete (withoutReplicas.spec as JsonObject).replicas;
    const result = applyServerSideApply(both, withoutReplicas, { fieldManager: 'a', force: false, definitionName: DEPLOYMENT, now: NOW });
    expect((result.spec as JsonObject).replicas).toBe(2);
  });

  it('merges a custom resource by its structural schema: list-map by keys, atomic lists replaced', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            plugins: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' }, url: { type: 'string' } } } },
            args: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    };
    const live = { apiVersion: 'kryton.example.com/v1', kind: 'Kryton', metadata: { name: 'k' }, spec: { plugins: [{ name: 'a', url: 'x' }], args: ['1', '2'], other: true } };
    const result = applyServerSideApply(live, { apiVersion: 'kryton.example.com/v1', kind: 'Kryton', metadata: { name: 'k' }, spec: { plugins: [{ name: 'b', url: 'y' }], args: ['3'] } }, { fieldManager: 'op', force: true, schema, now: NOW });
    expect(result.spec).toEqual({ plugins: [{ name: 'a', url: 'x' }, { name: 'b', url: 'y' }], args: ['3'], other: true });
    expect(managed(result)[0].fieldsV1).toEqual({ 'f:spec': { 'f:plugins': { 'k:{"name":"b"}': { '.': {}, 'f:name': {}, 'f:url': {} } }, 'f:args': {} } });
  });

  it('requires a field manager', () => {
    expect(() => applyServerSideApply(undefined, applied('x'), { fieldManager: '', force: false })).toThrow(PatchError);
  });
});
