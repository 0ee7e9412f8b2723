import { builtinResources, openApiDefinitions, openApiPathsFor } from '../../../../framework/testing/schema/index.js';

const find = (group: string, plural: string, version?: string) => builtinResources().find((r) => r.group === group && r.plural === plural && (!version || r.version === version));

describe('builtinResources', () => {
  it('derives deployments from the OpenAPI paths, with kube\'s discovery names', () => {
    expect(find('apps', 'deployments')).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      plural: 'deployments',
      singular: 'deployment',
      namespaced: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['deploy'],
      categories: ['all'],
      subresources: ['scale', 'status'],
      definition: 'io.k8s.api.apps.v1.Deployment',
    });
  });

  it.each([
    ['', 'namespaces', false, ['ns'], 'io.k8s.api.core.v1.Namespace'],
    ['', 'configmaps', true, ['cm'], 'io.k8s.api.core.v1.ConfigMap'],
    ['apiextensions.k8s.io', 'customresourcedefinitions', false, ['crd', 'crds'], 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition'],
    ['coordination.k8s.io', 'leases', true, [], 'io.k8s.api.coordination.v1.Lease'],
    ['events.k8s.io', 'events', true, ['ev'], 'io.k8s.api.events.v1.Event'],
    ['rbac.authorization.k8s.io', 'clusterroles', false, [], 'io.k8s.api.rbac.v1.ClusterRole'],
  ])('describes %s/%s', (group, plural, namespaced, shortNames, definition) => {
    expect(find(group, plural)).toMatchObject({ namespaced, shortNames, definition });
  });

  it('serves access reviews as create-only', () => {
    expect(find('authorization.k8s.io', 'selfsubjectaccessreviews')?.verbs).toEqual(['create']);
    expect(find('authorization.k8s.io', 'localsubjectaccessreviews')?.namespaced).toBe(true);
  });

  it('lists exactly the kinds of the `all` category', () => {
    const all = builtinResources().filter((r) => r.categories.includes('all')).map((r) => `${r.group}/${r.version}/${r.plural}`);
    expect(all.sort()).toEqual(['/v1/pods', '/v1/replicationcontrollers', '/v1/services', 'apps/v1/daemonsets', 'apps/v1/deployments', 'apps/v1/replicasets', 'apps/v1/statefulsets', 'autoscaling/v1/horizontalpodautoscalers', 'autoscaling/v2/horizontalpodautoscalers', 'batch/v1/cronjobs', 'batch/v1/jobs']);
  });

  it('leaves out group-versions a 1.32 cluster does not serve by default', () => {
    const versions = new Set(builtinResources().map((r) => `${r.group}/${r.version}`));
    expect(versions.has('resource.k8s.io/v1beta1')).toBe(false);
    expect(versions.has('networking.k8s.io/v1beta1')).toBe(false);
    expect(find('networking.k8s.io', 'servicecidrs')).toBeUndefined();
    expect(versions.has('policy/v1')).toBe(true);
  });

  it('names only definitions that exist, and every resource has verbs', () => {
    for (const resource of builtinResources()) {
      expect(openApiDefinitions()[resource.definition]).toBeDefined();
      expect(resource.verbs.length).toBeGreaterThan(0);
    }
  });
});

describe('openApiPathsFor', () => {
  it('returns the paths of one group-version with their PATCH operations', () => {
    const paths = openApiPathsFor('apps', 'v1');
    expect(paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', kind: 'Deployment', version: 'v1' });
    expect(Object.keys(paths).every((path) => path.startsWith('/apis/apps/v1/'))).toBe(true);
    expect(Object.keys(openApiPathsFor('', 'v1'))).toContain('/api/v1/namespaces/{namespace}/configmaps');
  });
});
