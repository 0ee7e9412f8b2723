import { type KubeObject } from '../../../../framework/client/types.js';
import { authorize, forbiddenMessage, type AuthorizationAttributes, type RbacObjects } from '../../../../framework/testing/rbac/index.js';

const SA = 'system:serviceaccount:kryton-system:kryton-operator';

function role(name: string, namespace: string | undefined, rules: object[], extra: object = {}): KubeObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: namespace ? 'Role' : 'ClusterRole', metadata: { name, ...(namespace ? { namespace } : {}) }, rules, ...extra };
}

function binding(name: string, namespace: string | undefined, roleKind: string, roleName: string, subjects: object[]): KubeObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding', metadata: { name, ...(namespace ? { namespace } : {}) }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName }, subjects };
}

const RBAC: RbacObjects = {
  roles: [
    role('secret-reader', 'app', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['db-password'] }]),
    role('status-writer', 'app', [{ apiGroups: ['kryton.example.com'], resources: ['krytons/status'], verbs: ['update', 'patch'] }]),
  ],
  clusterRoles: [
    role('operator', undefined, [
      { apiGroups: ['kryton.example.com'], resources: ['krytons'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['deployments', 'deployments/scale'], verbs: ['*'] },
      { apiGroups: ['*'], resources: ['*/status'], verbs: ['get'] },
    ]),
    role('everything', undefined, [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
    role('configmap-editor', undefined, [{ apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'update'] }]),
    role('health', undefined, [{ nonResourceURLs: ['/healthz', '/readyz/*'], verbs: ['get'] }]),
    role('aggregate-view', undefined, [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'kryton.example.com/aggregate-to-view': 'true' } }] } }),
    { ...role('lease-view', undefined, [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get'] }]), metadata: { name: 'lease-view', labels: { 'kryton.example.com/aggregate-to-view': 'true' } } },
  ],
  roleBindings: [
    binding('read-secret', 'app', 'Role', 'secret-reader', [{ kind: 'ServiceAccount', name: 'kryton-operator', namespace: 'kryton-system' }]),
    binding('status', 'app', 'Role', 'status-writer', [{ kind: 'User', name: 'alice' }]),
    binding('edit-cm', 'app', 'ClusterRole', 'configmap-editor', [{ kind: 'Group', name: 'system:serviceaccounts:kryton-system' }]),
    binding('local-sa', 'kryton-system', 'ClusterRole', 'configmap-editor', [{ kind: 'ServiceAccount', name: 'kryton-operator' }]),
  ],
  clusterRoleBindings: [
    binding('operator', undefined, 'ClusterRole', 'operator', [{ kind: 'ServiceAccount', name: 'kryton-operator', namespace: 'kryton-system' }]),
    binding('admins', undefined, 'ClusterRole', 'everything', [{ kind: 'Group', name: 'admins' }]),
    binding('health', undefined, 'ClusterRole', 'health', [{ kind: 'Group', name: 'system:authenticated' }]),
    binding('viewers', undefined, 'ClusterRole', 'aggregate-view', [{ kind: 'User', name: 'viewer' }]),
  ],
};

const ask = (user: string, verb: string, apiGroup: string, resource: string, more: Partial<AuthorizationAttributes> = {}): AuthorizationAttributes => ({ user, groups: [], verb, apiGroup, resource, ...more });

describe('authorize', () => {
  it.each<[string, AuthorizationAttributes, boolean]>([
    ['SA lists CRs through its ClusterRoleBinding', ask(SA, 'list', 'kryton.example.com', 'krytons', { namespace: 'x' }), true],
    ['SA may not delete CRs', ask(SA, 'delete', 'kryton.example.com', 'krytons', { namespace: 'x', name: 'k' }), false],
    ['verb wildcard on deployments', ask(SA, 'deletecollection', 'apps', 'deployments', { namespace: 'x' }), true],
    ['listed subresource', ask(SA, 'update', 'apps', 'deployments', { subresource: 'scale', namespace: 'x', name: 'd' }), true],
    ['unlisted subresource of an allowed resource', ask(SA, 'update', 'apps', 'deployments', { subresource: 'status', namespace: 'x', name: 'd' }), false],
    ['*/status matches any resource\'s status', ask(SA, 'get', 'batch', 'jobs', { subresource: 'status', namespace: 'x', name: 'j' }), true],
    ['*/status does not match the resource itself', ask(SA, 'get', 'batch', 'jobs', { namespace: 'x', name: 'j' }), false],
    ['resourceNames allow the named secret', ask(SA, 'get', '', 'secrets', { namespace: 'app', name: 'db-password' }), true],
    ['resourceNames deny another secret', ask(SA, 'get', '', 'secrets', { namespace: 'app', name: 'other' }), false],
    ['resourceNames deny a list (no name)', ask(SA, 'list', '', 'secrets', { namespace: 'app' }), false],
    ['a Role grants only in its namespace', ask(SA, 'get', '', 'secrets', { namespace: 'other', name: 'db-password' }), false],
    ['RoleBinding to a ClusterRole grants in the binding namespace', ask(SA, 'create', '', 'configmaps', { namespace: 'app' }), true],
    ['… and not in another namespace', ask(SA, 'create', '', 'configmaps', { namespace: 'default' }), false],
    ['… and not cluster-wide', ask(SA, 'create', '', 'configmaps'), false],
    ['SA subject namespace defaults to the binding namespace', ask(SA, 'update', '', 'configmaps', { namespace: 'kryton-system', name: 'c' }), true],
    ['an SA of another namespace does not match', ask('system:serviceaccount:other:kryton-operator', 'update', '', 'configmaps', { namespace: 'kryton-system', name: 'c' }), false],
    ['User subject with a Role on a subresource', ask('alice', 'patch', 'kryton.example.com', 'krytons', { subresource: 'status', namespace: 'app', name: 'k' }), true],
    ['User subject on the main resource', ask('alice', 'patch', 'kryton.example.com', 'krytons', { namespace: 'app', name: 'k' }), false],
    ['Group subject with full wildcards', { ...ask('bob', 'escalate', 'rbac.authorization.k8s.io', 'clusterroles', { name: 'x' }), groups: ['admins'] }, true],
    ['system:masters always allowed', { ...ask('root', 'delete', '', 'nodes', { name: 'n' }), groups: ['system:masters'] }, true],
    ['nonResourceURL exact', ask('carol', 'get', '', '', { nonResourcePath: '/healthz' }), true],
    ['nonResourceURL prefix', ask('carol', 'get', '', '', { nonResourcePath: '/readyz/etcd' }), true],
    ['nonResourceURL other path', ask('carol', 'get', '', '', { nonResourcePath: '/metrics' }), false],
    ['anonymous is not authenticated', ask('system:anonymous', 'get', '', '', { nonResourcePath: '/healthz' }), false],
    ['aggregated ClusterRole', ask('viewer', 'get', 'coordination.k8s.io', 'leases', { namespace: 'x', name: 'l' }), true],
    ['aggregated ClusterRole denies the rest', ask('viewer', 'list', '', 'pods', { namespace: 'x' }), false],
    ['unknown user', ask('mallory', 'get', '', 'pods', { namespace: 'x' }), false],
  ])('%s', (_title, attrs, allowed) => {
    expect(authorize(attrs, RBAC).allowed).toBe(allowed);
  });

  it('explains an allowed request in kube\'s words', () => {
    expect(authorize(ask(SA, 'get', '', 'secrets', { namespace: 'app', name: 'db-password' }), RBAC).reason).toBe('RBAC: allowed by RoleBinding "read-secret/app" of Role "secret-reader" to ServiceAccount "kryton-operator/kryton-system"');
    expect(authorize(ask(SA, 'watch', 'kryton.example.com', 'krytons'), RBAC).reason).toBe('RBAC: allowed by ClusterRoleBinding "operator" of ClusterRole "operator" to ServiceAccount "kryton-operator/kryton-system"');
    expect(authorize(ask('mallory', 'get', '', 'pods'), RBAC)).toEqual({ allowed: false, reason: '' });
  });
});

describe('forbiddenMessage', () => {
  it.each<[AuthorizationAttributes, string]>([
    [ask('system:serviceaccount:ns:sa', 'get', '', 'secrets', { namespace: 'ns', name: 'x' }), 'secrets "x" is forbidden: User "system:serviceaccount:ns:sa" cannot get resource "secrets" in API group "" in the namespace "ns"'],
    [ask('u', 'list', 'apps', 'deployments', { namespace: 'ns' }), 'deployments.apps is forbidden: User "u" cannot list resource "deployments" in API group "apps" in the namespace "ns"'],
    [ask('u', 'update', 'apps', 'deployments', { subresource: 'scale', namespace: 'ns', name: 'd' }), 'deployments.apps "d" is forbidden: User "u" cannot update resource "deployments/scale" in API group "apps" in the namespace "ns"'],
    [ask('u', 'list', '', 'nodes'), 'nodes is forbidden: User "u" cannot list resource "nodes" in API group "" at the cluster scope'],
    [ask('u', 'get', '', '', { nonResourcePath: '/metrics' }), 'forbidden: User "u" cannot get path "/metrics"'],
  ])('%#', (attrs, message) => {
    expect(forbiddenMessage(attrs)).toBe(message);
  });
});
