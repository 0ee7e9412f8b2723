import { applyStrategicMergePatch, type PatchError } from '../../../../framework/testing/patch/index.js';
import { type JsonObject } from '../../../../framework/testing/schema/index.js';

const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';

/** The Deployment of the Kubernetes docs page "Update API Objects in Place Using kubectl patch". */
function patchDemo(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'patch-demo', labels: { app: 'nginx', tier: 'web' }, finalizers: ['a.example.com/one', 'b.example.com/two'] },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'nginx' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [{ name: 'patch-demo-ctr', image: 'nginx', args: ['a', 'b'] }],
          tolerations: [{ effect: 'NoSchedule', key: 'dedicated', value: 'test-team' }],
          volumes: [{ name: 'data', emptyDir: {} }],
        },
      },
    },
  };
}

const podSpec = (object: JsonObject): JsonObject => ((object.spec as JsonObject).template as JsonObject).spec as JsonObject;
const containers = (object: JsonObject): JsonObject[] => podSpec(object).containers as JsonObject[];

describe('applyStrategicMergePatch (kubectl patch docs examples)', () => {
  it('merges containers by their merge key, name', () => {
    const result = applyStrategicMergePatch(patchDemo(), { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] } } } }, DEPLOYMENT);
    expect(containers(result).map((c) => `${c.name as string}=${c.image as string}`)).toEqual(['patch-demo-ctr=nginx', 'patch-demo-ctr-2=redis']);
  });

  it('merges into the existing item with the same merge key', () => {
    const result = applyStrategicMergePatch(patchDemo(), { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr', image: 'nginx:1.27' }] } } } }, DEPLOYMENT);
    expect(containers(result)).toEqual([{ name: 'patch-demo-ctr', image: 'nginx:1.27', args: ['a', 'b'] }]);
  });

  it('replaces tolerations, a list without a patch strategy', () => {
    const result = applyStrategicMergePatch(patchDemo(), { spec: { template: { spec: { tolerations: [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }] } } } }, DEPLOYMENT);
    expect(podSpec(result).tolerations).toEqual([{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }]);
  });

  it('replaces a primitive list without a patch strategy (container args)', () => {
    const result = applyStrategicMergePatch(patchDemo(), { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr', args: ['c'] }] } } } }, DEPLOYMENT);
    expect(containers(result)[0].args).toEqual(['c']);
  });

  it('replaces a merge list when an item says $patch: replace', () => {
    const patch: JsonObject = { spec: { template: { spec: { containers: [{ name: 'only', image: 'redis' }, { $patch: 'replace' }] } } } };
    expect(containers(applyStrategicMergePatch(patchDemo(), patch, DEPLOYMENT))).toEqual([{ name: 'only', image: 'redis' }]);
  });

  it('replaces a map with $patch: replace', () => {
    const result = applyStrategicMergePatch(patchDemo(), { metadata: { labels: { $patch: 'replace', only: 'this' } } }, DEPLOYMENT);
    expect((result.metadata as JsonObject).labels).toEqual({ only: 'this' });
  });

  it('deletes a map with $patch: delete', () => {
    const result = applyStrategicMergePatch(patchDemo(), { spec: { strategy: { $patch: 'delete' } } }, DEPLOYMENT);
    expect((result.spec as JsonObject).strategy).toEqual({});
  });

  it('deletes a list item with $patch: delete and its merge key', () => {
    const original = applyStrategicMergePatch(patchDemo(), { spec: { template: { spec: { containers: [{ name: 'second', image: 'redis' }] } } } }, DEPLOYMENT);
    const result = applyStrategicMergePatch(original, { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr', $patch: 'delete' }] } } } }, DEPLOYMENT);
    expect(containers(result).map((c) => c.name)).toEqual(['second']);
  });

  it('clears keys not listed in $retainKeys (strategy type Recreate drops rollingUpdate)', () => {
    const result = applyStrategicMergePatch(patchDemo(), { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, DEPLOYMENT);
    expect((result.spec as JsonObject).strategy).toEqual({ type: 'Recreate' });
  });

  it('keeps other keys without $retainKeys (the docs show the merge keeping rollingUpdate)', () => {
    const result = applyStrategicMergePatch(patchDemo(), { spec: { strategy: { type: 'Recreate' } } }, DEPLOYMENT);
    expect((result.spec as JsonObject).strategy).toEqual({ type: 'Recreate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
  });

  it('applies $retainKeys inside items of a merge,retainKeys list (volumes)', () => {
    const patch = { spec: { template: { spec: { volumes: [{ name: 'data', $retainKeys: ['hostPath', 'name'], hostPath: { path: '/srv' } }] } } } };
    expect(podSpec(applyStrategicMergePatch(patchDemo(), patch, DEPLOYMENT)).volumes).toEqual([{ name: 'data', hostPath: { path: '/srv' } }]);
  });

  it('rejects a patch key missing from $retainKeys with 422', () => {
    const call = (): JsonObject => applyStrategicMergePatch(patchDemo(), { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }, DEPLOYMENT);
    expect(call).toThrow(expect.objectContaining({ status: 422 }) as PatchError);
  });

  it('merges finalizers as a set', () => {
    const result = applyStrategicMergePatch(patchDemo(), { metadata: { finalizers: ['b.example.com/two', 'c.example.com/three'] } }, DEPLOYMENT);
    expect((result.metadata as JsonObject).finalizers).toEqual(['a.example.com/one', 'b.example.com/two', 'c.example.com/three']);
  });

  it('removes values with $deleteFromPrimitiveList', () => {
    const result = applyStrategicMergePatch(patchDemo(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example.com/one'] } }, DEPLOYMENT);
    expect((result.metadata as JsonObject).finalizers).toEqual(['b.example.com/two']);
  });

  it('orders a primitive merge list with $setElementOrder (finalizers)', () => {
    const patch = { metadata: { '$setElementOrder/finalizers': ['b.example.com/two', 'c.example.com/three', 'a.example.com/one'], finalizers: ['c.example.com/three'] } };
    expect((applyStrategicMergePatch(patchDemo(), patch, DEPLOYMENT).metadata as JsonObject).finalizers).toEqual(['b.example.com/two', 'c.example.com/three', 'a.example.com/one']);
  });

  it('deletes fields set to null', () => {
    const result = applyStrategicMergePatch(patchDemo(), { metadata: { labels: { tier: null } }, spec: { replicas: null } }, DEPLOYMENT);
    expect((result.metadata as JsonObject).labels).toEqual({ app: 'nginx' });
    expect(result.spec).not.toHaveProperty('replicas');
  });

  it.each([
    ['reorders named items', [{ name: 'c' }, { name: 'a' }, { name: 'b' }], [], ['c', 'a', 'b']],
    ['places a new item where the order says', [{ name: 'a' }, { name: 'd' }, { name: 'b' }, { name: 'c' }], [{ name: 'd', image: 'x' }], ['a', 'd', 'b', 'c']],
    ['keeps an unnamed server item ahead of later named ones', [{ name: 'c' }, { name: 'a' }], [], ['b', 'c', 'a']],
  ])('$setElementOrder %s', (_title, order, patchItems, expected) => {
    const original = patchDemo();
    podSpec(original).containers = [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }, { name: 'c', image: 'x' }];
    const patch = { spec: { template: { spec: { '$setElementOrder/containers': order, containers: patchItems } } } };
    expect(containers(applyStrategicMergePatch(original, patch as JsonObject, DEPLOYMENT)).map((c) => c.name)).toEqual(expected);
  });

  it('applies the patch kubectl apply sends for a ConfigMap (null deletes a data key)', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1', b: '2' } };
    expect(applyStrategicMergePatch(cm, { data: { b: null, c: '3' } }, 'io.k8s.api.core.v1.ConfigMap')).toEqual({ ...cm, data: { a: '1', c: '3' } });
  });

  it('merges container ports by containerPort and env by name', () => {
    const original = patchDemo();
    containers(original)[0].ports = [{ containerPort: 80, name: 'http' }];
    containers(original)[0].env = [{ name: 'A', value: '1' }];
    const patch = { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr', ports: [{ containerPort: 443, name: 'https' }], env: [{ name: 'A', value: '2' }] }] } } } };
    const merged = containers(applyStrategicMergePatch(original, patch, DEPLOYMENT))[0];
    expect(merged.ports).toEqual([{ containerPort: 80, name: 'http' }, { containerPort: 443, name: 'https' }]);
    expect(merged.env).toEqual([{ name: 'A', value: '2' }]);
  });

  it('does not modify its inputs', () => {
    const original = patchDemo();
    const patch = { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr', image: 'x' }] } } }, metadata: { labels: { tier: null } } };
    const originalCopy = structuredClone(original);
    const patchCopy = structuredClone(patch);
    const result = applyStrategicMergePatch(original, patch, DEPLOYMENT);
    containers(result)[0].image = 'changed';
    expect(original).toEqual(originalCopy);
    expect(patch).toEqual(patchCopy);
  });

  it.each([
    ['an unknown $patch directive', { metadata: { $patch: 'explode' } }, 400],
    ['a merge-list item without its merge key', { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, 422],
  ])('rejects %s', (_title, patch, status) => {
    expect(() => applyStrategicMergePatch(patchDemo(), patch as JsonObject, DEPLOYMENT)).toThrow(expect.objectContaining({ status }) as PatchError);
  });
});
