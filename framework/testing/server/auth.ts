/**
 * Authentication (bearer tokens: the admin's and one per ServiceAccount), impersonation, and RBAC
 * authorization through the RBAC engine, with kube-apiserver's Forbidden messages.
 */
import { randomBytes } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { type KubeObject } from '../../client/types.js';
import { authorize, forbiddenMessage } from '../rbac/index.js';
import { errors } from './errors.js';
import { type ObjectStore } from './store.js';

export interface UserInfo {
  name: string;
  groups: string[];
}

export interface ResourceAttributes {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface AccessDecision {
  allowed: boolean;
  reason: string;
}

export const ADMIN_USER: UserInfo = { name: 'kryton-local-admin', groups: ['system:masters', 'system:authenticated'] };
const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Paths every authenticated user may read, as the default system:discovery role allows. */
const PUBLIC_PATHS = /^\/(version|api|apis|openapi|healthz|livez|readyz)(\/|$)/;

export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return { name: `system:serviceaccount:${namespace}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] };
}

function headerValues(req: IncomingMessage, name: string): string[] {
  return req.headersDistinct[name.toLowerCase()] ?? [];
}

export class Authenticator {
  readonly adminToken = randomBytes(24).toString('hex');
  private readonly tokens = new Map<string, UserInfo>();

  constructor(private readonly store: ObjectStore, readonly rbacEnabled: boolean) {
    this.tokens.set(this.adminToken, ADMIN_USER);
  }

  /** The bearer token of a ServiceAccount (one per account, made on first use). */
  serviceAccountToken(namespace: string, name: string): string {
    const user = serviceAccountUser(namespace, name);
    for (const [token, u] of this.tokens) if (u.name === user.name) return token;
    const token = randomBytes(24).toString('hex');
    this.tokens.set(token, user);
    return token;
  }

  /** Who sent the request, after impersonation. Without RBAC every request acts as the admin. */
  identify(req: IncomingMessage): UserInfo {
    const auth = req.headers.authorization;
    let user: UserInfo;
    if (auth?.startsWith('Bearer ')) {
      const found = this.tokens.get(auth.slice(7).trim());
      if (!found) throw errors.unauthorized();
      user = found;
    } else user = this.rbacEnabled ? ANONYMOUS : ADMIN_USER;
    const asUser = headerValues(req, 'Impersonate-User')[0];
    const asGroups = headerValues(req, 'Impersonate-Group');
    if (!asUser) {
      if (asGroups.length) throw errors.badRequest('requested impersonation of groups without impersonating a user');
      return user;
    }
    const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(asUser);
    const target: ResourceAttributes = sa
      ? { verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts', namespace: sa[1], name: sa[2] }
      : { verb: 'impersonate', apiGroup: '', resource: 'users', name: asUser };
    this.requireImpersonation(user, target);
    for (const g of asGroups) this.requireImpersonation(user, { verb: 'impersonate', apiGroup: '', resource: 'groups', name: g });
    const groups = asGroups.length ? [...asGroups] : sa ? serviceAccountUser(sa[1], sa[2]).groups : [];
    if (!groups.includes('system:authenticated')) groups.push('system:authenticated');
    return { name: asUser, groups };
  }

  private requireImpersonation(user: UserInfo, attrs: ResourceAttributes): void {
    if (!this.check(user, attrs).allowed) {
      throw errors.forbidden(forbiddenMessage({ user: user.name, groups: user.groups, ...attrs }), attrs.name, '', attrs.resource);
    }
  }

  /** Evaluates RBAC for resource attributes (used for requests and access reviews alike). */
  check(user: UserInfo, attrs: ResourceAttributes): AccessDecision {
    if (user.groups.includes('system:masters')) return { allowed: true, reason: 'system:masters' };
    return authorize({ user: user.name, groups: user.groups, ...attrs }, this.rbacObjects());
  }

  checkNonResource(user: UserInfo, path: string, verb: string): AccessDecision {
    if (user.groups.includes('system:masters')) return { allowed: true, reason: 'system:masters' };
    if (PUBLIC_PATHS.test(path) && user.groups.includes('system:authenticated')) return { allowed: true, reason: 'system:discovery' };
    return authorize({ user: user.name, groups: user.groups, verb, apiGroup: '', resource: '', nonResourcePath: path }, this.rbacObjects());
  }

  /** Throws kube's 403 when RBAC is on and the user may not do this. */
  enforce(user: UserInfo, attrs: ResourceAttributes): void {
    if (!this.rbacEnabled) return;
    if (this.check(user, attrs).allowed) return;
    throw errors.forbidden(forbiddenMessage({ user: user.name, groups: user.groups, ...attrs }), attrs.name, attrs.apiGroup, attrs.resource);
  }

  enforceNonResource(user: UserInfo, path: string, verb: string): void {
    if (!this.rbacEnabled) return;
    if (user.name === ANONYMOUS.name) throw errors.unauthorized();
    if (this.checkNonResource(user, path, verb).allowed) return;
    throw errors.forbidden(forbiddenMessage({ user: user.name, groups: user.groups, verb, apiGroup: '', resource: '', nonResourcePath: path }), undefined, '', '');
  }

  private rbacObjects(): { roles: KubeObject[]; clusterRoles: KubeObject[]; roleBindings: KubeObject[]; clusterRoleBindings: KubeObject[] } {
    return {
      roles: this.store.list('rbac.authorization.k8s.io/roles'),
      clusterRoles: this.store.list('rbac.authorization.k8s.io/clusterroles'),
      roleBindings: this.store.list('rbac.authorization.k8s.io/rolebindings'),
      clusterRoleBindings: this.store.list('rbac.authorization.k8s.io/clusterrolebindings'),
    };
  }
}
