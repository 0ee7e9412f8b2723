import { type AuthorizationAttributes } from './types.js';

/**
 * kube-apiserver's 403 message for a denied request:
 * `secrets "x" is forbidden: User "u" cannot get resource "secrets" in API group "" in the namespace "ns"`,
 * `… at the cluster scope` for cluster-scoped requests, `forbidden: User "u" cannot get path "/x"`
 * for non-resource requests.
 */
export function forbiddenMessage(attrs: AuthorizationAttributes): string {
  const user = JSON.stringify(attrs.user);
  if (attrs.nonResourcePath !== undefined) return `forbidden: User ${user} cannot ${attrs.verb} path ${JSON.stringify(attrs.nonResourcePath)}`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace ? `in the namespace ${JSON.stringify(attrs.namespace)}` : 'at the cluster scope';
  const reason = `User ${user} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.apiGroup)} ${scope}`;
  const qualified = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource;
  return attrs.name ? `${qualified} ${JSON.stringify(attrs.name)} is forbidden: ${reason}` : `${qualified} is forbidden: ${reason}`;
}
