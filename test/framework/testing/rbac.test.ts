/** RBAC mode over HTTP and through the real kubectl: ServiceAccount tokens, bindings, 403s, impersonation, access reviews. */
import { LocalApiServer } from '../../../framework/testing/index.js';
import { type Clients, clientsFor, ok } from './harness.js';
import { type Call, httpClient } from './http-client.js';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

describe('RBAC mode', () => {
  let server: LocalApiServer;
  let admin: Call;

  beforeAll(async () => {
    server = await LocalApiServer.start({ rbac: true, tls: false });
    admin = httpClient(server, server.adminToken);
    await admin('POST', `${RBAC}/namespaces/default/roles`, {
      metadata: { name: 'cm-reader' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
    });
    await admin('POST', `${RBAC}/namespaces/default/rolebindings`, {
      metadata: { name: 'op-reads' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'op', namespace: 'default' }],
    });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('lets a ServiceAccount do what its Role allows and answers 403 with kube\'s message otherwise', async () => {
    server.kubeconfig({ serviceAccount: { namespace: 'default', name: 'op' } });
    const op = httpClient(server, server.serviceAccountToken('default', 'op'));
    expect((await op('GET', '/api/v1/namespaces/default/configmaps')).status).toBe(200);
    const denied = await op('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'x' } });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      reason: 'Forbidden',
      message: 'configmaps is forbidden: User "system:serviceaccount:default:op" cannot create resource "configmaps" in API group "" in the namespace "default"',
    });
    expect((await op('GET', '/api/v1/namespaces/kube-system/configmaps')).status).toBe(403);
    expect((await op('GET', '/apis')).status).toBe(200);
    expect((await httpClient(server)('GET', '/api/v1/namespaces/default/configmaps')).status).toBe(403);
    expect((await httpClient(server, 'not-a-token')('GET', '/version')).status).toBe(401);
    expect(server.objects('serviceaccounts', 'default').map((o) => o.metadata.name)).toEqual(['default', 'op']);
  });

  it('honours impersonation headers only for users allowed to impersonate', async () => {
    const asOp = await admin('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'y' } }, { 'Impersonate-User': 'system:serviceaccount:default:op' });
    expect(asOp.status).toBe(403);
    const op = httpClient(server, server.serviceAccountToken('default', 'op'));
    expect((await op('GET', '/api/v1/namespaces/default/configmaps', undefined, { 'Impersonate-User': 'someone' })).status).toBe(403);
  });

  it('answers SelfSubjectAccessReview and SubjectAccessReview with the same evaluator', async () => {
    const op = httpClient(server, server.serviceAccountToken('default', 'op'));
    const self = await op('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'configmaps' } },
    });
    expect(self.status).toBe(201);
    expect(self.body).toMatchObject({ status: { allowed: true } });
    const sar = await admin('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'system:serviceaccount:default:op', groups: ['system:serviceaccounts'], resourceAttributes: { namespace: 'default', verb: 'delete', resource: 'configmaps' } },
    });
    expect(sar.body).toMatchObject({ status: { allowed: false } });
  });

  it('works with kubectl: auth can-i, --as impersonation, and a ServiceAccount kubeconfig over HTTPS', async () => {
    const tlsServer = await LocalApiServer.start({ rbac: true });
    const c: Clients = await clientsFor(tlsServer);
    try {
      const role = await c.file('rbac.yaml', `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: ServiceAccount, name: bot, namespace: default}]
`);
      ok(await c.kubectl(['apply', '-f', role]));
      expect(ok(await c.kubectl(['auth', 'can-i', 'list', 'configmaps', '--as', 'system:serviceaccount:default:bot'])).trim()).toBe('yes');
      const no = await c.kubectl(['auth', 'can-i', 'delete', 'configmaps', '--as', 'system:serviceaccount:default:bot']);
      expect(no.stdout.trim()).toBe('no');
      const forbidden = await c.kubectl(['create', 'cm', 'z', '--as', 'system:serviceaccount:default:bot']);
      expect(forbidden.stderr).toContain('configmaps is forbidden: User "system:serviceaccount:default:bot" cannot create resource "configmaps"');
      const botConfig = await c.file('bot.kubeconfig', tlsServer.kubeconfig({ serviceAccount: { namespace: 'default', name: 'bot' } }));
      expect(ok(await c.kubectl(['get', 'cm', '-o', 'name'], { kubeconfig: botConfig }))).toBe('');
      expect((await c.kubectl(['get', 'secrets'], { kubeconfig: botConfig })).stderr).toContain('secrets is forbidden');
    } finally {
      await tlsServer.stop();
      await c.cleanup();
    }
  });
});
