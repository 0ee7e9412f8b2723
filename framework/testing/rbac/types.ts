import { type KubeObject } from '../../client/types.js';

/** What a request asks to do, as kube-apiserver's authorizer.Attributes. */
export interface AuthorizationAttributes {
  user: string;
  groups: string[];
  verb: string;
  apiGroup: string;
  /** Lower-case plural ('deployments'); empty for non-resource requests. */
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Set for non-resource requests ('/healthz', '/version'). */
  nonResourcePath?: string;
}

/** The RBAC objects in force. */
export interface RbacObjects {
  roles: KubeObject[];
  clusterRoles: KubeObject[];
  roleBindings: KubeObject[];
  clusterRoleBindings: KubeObject[];
}

export interface AuthorizationDecision {
  allowed: boolean;
  /** Why it was allowed, in kube's words ('RBAC: allowed by …'); empty when denied. */
  reason: string;
}

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

export interface RoleRef {
  kind?: string;
  name?: string;
}
