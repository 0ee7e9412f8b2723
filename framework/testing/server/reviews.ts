/** Access reviews (kubectl auth can-i, kubectl auth whoami): answered, never stored. */
import { type KubeObject } from '../../client/types.js';
import { type Authenticator, type ResourceAttributes, type UserInfo } from './auth.js';
import { errors } from './errors.js';

type Json = Record<string, unknown>;

export const REVIEW_RESOURCES = new Set([
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/localsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authentication.k8s.io/selfsubjectreviews',
]);

function decide(auth: Authenticator, user: UserInfo, spec: Json): Json {
  const ra = spec.resourceAttributes as Json | undefined;
  const nra = spec.nonResourceAttributes as Json | undefined;
  if (!auth.rbacEnabled) return { allowed: true, reason: 'the local API server runs without RBAC' };
  let d;
  if (ra) {
    const attrs: ResourceAttributes = {
      verb: String(ra.verb ?? ''),
      apiGroup: String(ra.group ?? ''),
      resource: String(ra.resource ?? ''),
      subresource: ra.subresource ? String(ra.subresource) : undefined,
      namespace: ra.namespace ? String(ra.namespace) : undefined,
      name: ra.name ? String(ra.name) : undefined,
    };
    d = auth.check(user, attrs);
  } else if (nra) d = auth.checkNonResource(user, String(nra.path ?? ''), String(nra.verb ?? ''));
  else throw errors.badRequest('spec.resourceAttributes or spec.nonResourceAttributes is required');
  return d.allowed ? { allowed: true, reason: d.reason } : { allowed: false, reason: d.reason };
}

/** The review object with its status filled in. */
export function answerReview(resource: string, body: KubeObject, requester: UserInfo, auth: Authenticator, namespace?: string): KubeObject {
  const spec = (body.spec ?? {}) as Json;
  const out: KubeObject = { ...body, metadata: { ...(body.metadata ?? {}), creationTimestamp: undefined } };
  switch (resource) {
    case 'authentication.k8s.io/selfsubjectreviews':
      out.status = { userInfo: { username: requester.name, groups: requester.groups } };
      return out;
    case 'authorization.k8s.io/selfsubjectrulesreviews':
      out.status = { resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError: 'rules listing is not emulated by the local API server' };
      return out;
    case 'authorization.k8s.io/selfsubjectaccessreviews':
      out.status = decide(auth, requester, spec);
      return out;
    default: {
      const user: UserInfo = { name: String(spec.user ?? ''), groups: (spec.groups as string[] | undefined) ?? [] };
      if (resource.endsWith('localsubjectaccessreviews') && spec.resourceAttributes) (spec.resourceAttributes as Json).namespace = namespace;
      out.status = decide(auth, user, spec);
      return out;
    }
  }
}
