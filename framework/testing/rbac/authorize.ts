import { type KubeObject } from '../../client/types.js';
import { selectorMatches, type LabelSelector } from './label-selector.js';
import { ruleAllows } from './rule-matching.js';
import { type AuthorizationAttributes, type AuthorizationDecision, type PolicyRule, type RbacObjects, type RoleRef, type Subject } from './types.js';

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/**
 * kube's RBAC authorizer: allowed when a ClusterRoleBinding, or a RoleBinding in the request's
 * namespace, binds one of the user's subjects to a Role/ClusterRole with a matching rule.
 * Members of `system:masters` are always allowed. Groups that kube's authenticators add are added
 * here too: `system:authenticated` (unless anonymous) and, for ServiceAccount users,
 * `system:serviceaccounts` and `system:serviceaccounts:<namespace>`. ClusterRoles with an
 * aggregationRule get the rules of the ClusterRoles their selectors match.
 */
export function authorize(attrs: AuthorizationAttributes, rbac: RbacObjects): AuthorizationDecision {
  const groups = effectiveGroups(attrs.user, attrs.groups);
  if (groups.includes('system:masters')) return { allowed: true, reason: 'allowed by the system:masters group' };
  for (const binding of rbac.clusterRoleBindings) {
    const subject = matchingSubject(binding, attrs.user, groups, '');
    if (!subject) continue;
    const roleRef = (binding.roleRef ?? {}) as RoleRef;
    if (roleRef.kind !== 'ClusterRole') continue;
    if (rulesOfClusterRole(roleRef.name ?? '', rbac).some((rule) => ruleAllows(attrs, rule))) {
      return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding ${JSON.stringify(binding.metadata.name ?? '')} of ClusterRole ${JSON.stringify(roleRef.name ?? '')} to ${describeSubject(subject, '')}` };
    }
  }
  if (attrs.namespace && attrs.nonResourcePath === undefined) {
    for (const binding of rbac.roleBindings) {
      const namespace = binding.metadata.namespace ?? '';
      if (namespace !== attrs.namespace) continue;
      const subject = matchingSubject(binding, attrs.user, groups, namespace);
      if (!subject) continue;
      const roleRef = (binding.roleRef ?? {}) as RoleRef;
      const rules = roleRef.kind === 'Role' ? rulesOfRole(roleRef.name ?? '', namespace, rbac) : roleRef.kind === 'ClusterRole' ? rulesOfClusterRole(roleRef.name ?? '', rbac) : [];
      if (rules.some((rule) => ruleAllows(attrs, rule))) {
        return { allowed: true, reason: `RBAC: allowed by RoleBinding ${JSON.stringify(`${binding.metadata.name ?? ''}/${namespace}`)} of ${roleRef.kind ?? ''} ${JSON.stringify(roleRef.name ?? '')} to ${describeSubject(subject, namespace)}` };
      }
    }
  }
  return { allowed: false, reason: '' };
}

function effectiveGroups(user: string, groups: string[]): string[] {
  const all = new Set(groups);
  if (user !== 'system:anonymous') all.add('system:authenticated');
  else all.add('system:unauthenticated');
  if (user.startsWith(SERVICE_ACCOUNT_PREFIX)) {
    const namespace = user.slice(SERVICE_ACCOUNT_PREFIX.length).split(':')[0];
    all.add('system:serviceaccounts');
    all.add(`system:serviceaccounts:${namespace}`);
  }
  return [...all];
}

function matchingSubject(binding: KubeObject, user: string, groups: string[], bindingNamespace: string): Subject | undefined {
  const subjects = Array.isArray(binding.subjects) ? (binding.subjects as Subject[]) : [];
  return subjects.find((subject) => {
    switch (subject.kind) {
      case 'User':
        return subject.name === user;
      case 'Group':
        return subject.name !== undefined && groups.includes(subject.name);
      case 'ServiceAccount': {
        const namespace = subject.namespace || bindingNamespace;
        return namespace !== '' && user === `${SERVICE_ACCOUNT_PREFIX}${namespace}:${subject.name ?? ''}`;
      }
      default:
        return false;
    }
  });
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') return `ServiceAccount ${JSON.stringify(`${subject.name ?? ''}/${subject.namespace || bindingNamespace}`)}`;
  return `${subject.kind ?? ''} ${JSON.stringify(subject.name ?? '')}`;
}

function rulesOf(role: KubeObject | undefined): PolicyRule[] {
  return role && Array.isArray(role.rules) ? (role.rules as PolicyRule[]) : [];
}

function rulesOfRole(name: string, namespace: string, rbac: RbacObjects): PolicyRule[] {
  return rulesOf(rbac.roles.find((role) => role.metadata.name === name && role.metadata.namespace === namespace));
}

function rulesOfClusterRole(name: string, rbac: RbacObjects, visited = new Set<string>()): PolicyRule[] {
  const role = rbac.clusterRoles.find((candidate) => candidate.metadata.name === name);
  if (!role || visited.has(name)) return [];
  visited.add(name);
  const aggregation = role.aggregationRule as { clusterRoleSelectors?: LabelSelector[] } | undefined;
  const selectors = aggregation?.clusterRoleSelectors ?? [];
  if (selectors.length === 0) return rulesOf(role);
  const aggregated = [...rulesOf(role)];
  for (const candidate of rbac.clusterRoles) {
    const labels = candidate.metadata.labels ?? {};
    if (candidate.metadata.name !== name && selectors.some((selector) => selectorMatches(selector, labels))) {
      aggregated.push(...rulesOfClusterRole(candidate.metadata.name ?? '', rbac, visited));
    }
  }
  return aggregated;
}
