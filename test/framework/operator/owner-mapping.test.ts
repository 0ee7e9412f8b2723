import type { KubeObject, ResourceRef } from '../../../framework/client/types.js';
import { apiVersionOf, ownerKeyOf } from '../../../framework/operator/owner-mapping.js';
import { validateSettings, type OperatorSettings } from '../../../framework/operator/settings.js';
import { silentLogger } from '../../../framework/observability/logger.js';

const WIDGETS: ResourceRef = { group: 'test.example.com', version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true };
const CLUSTER_WIDGETS: ResourceRef = { ...WIDGETS, namespaced: false };

function child(ownerReferences: KubeObject['metadata']['ownerReferences'], labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns', ownerReferences, ...(labels ? { labels } : {}) } };
}

describe('ownerKeyOf', () => {
  const controller = { apiVersion: 'test.example.com/v1', kind: 'Widget', name: 'w', uid: 'u', controller: true };
  test.each<[string, KubeObject, ResourceRef, string | undefined]>([
    ['controller owner of the watched kind', child([controller]), WIDGETS, 'ns/w'],
    ['owner that is not the controller', child([{ ...controller, controller: false }]), WIDGETS, undefined],
    ['controller of another kind', child([{ ...controller, kind: 'Gadget' }]), WIDGETS, undefined],
    ['controller of another version', child([{ ...controller, apiVersion: 'test.example.com/v2' }]), WIDGETS, undefined],
    ['no owners', child(undefined), WIDGETS, undefined],
    ['cluster-scoped owner', child([controller]), CLUSTER_WIDGETS, 'w'],
  ])('%s', (_name, object, owner, expected) => {
    expect(ownerKeyOf(object, owner, undefined)).toBe(expected);
  });

  it('uses mapToOwner when given (e.g. objects created by Helm, found by label)', () => {
    const byLabel = (c: KubeObject) => (c.metadata.labels?.['app.kubernetes.io/instance'] ? { name: c.metadata.labels['app.kubernetes.io/instance'] } : undefined);
    expect(ownerKeyOf(child(undefined, { 'app.kubernetes.io/instance': 'k1' }), WIDGETS, byLabel)).toBe('ns/k1');
    expect(ownerKeyOf(child([controller]), WIDGETS, byLabel)).toBeUndefined();
    expect(ownerKeyOf(child(undefined), WIDGETS, () => ({ namespace: 'other', name: 'x' }))).toBe('other/x');
  });

  it('spells apiVersions of core and named groups', () => {
    expect(apiVersionOf({ group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true })).toBe('v1');
    expect(apiVersionOf(WIDGETS)).toBe('test.example.com/v1');
  });
});

describe('validateSettings', () => {
  const ok: OperatorSettings = { annotationPrefix: 'example.com', finalizer: 'example.com/finalizer', namespaces: 'all', concurrency: 1, logger: silentLogger() };
  test.each<[string, Partial<OperatorSettings>, RegExp]>([
    ['prefix', { annotationPrefix: 'Not A Domain' }, /annotationPrefix/],
    ['finalizer', { finalizer: 'nofinalizer' }, /finalizer/],
    ['concurrency', { concurrency: 0 }, /concurrency/],
    ['namespaces', { namespaces: [] }, /namespaces/],
    ['resync', { resyncSeconds: -1 }, /resyncSeconds/],
  ])('rejects a bad %s', (_name, override, message) => {
    expect(() => validateSettings({ ...ok, ...override })).toThrow(message);
  });

  it('accepts good settings', () => {
    expect(() => validateSettings(ok)).not.toThrow();
  });
});
