/** Reads RBAC rules the way the authorizer does, for asserting what a (Cluster)Role allows. */
export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
}

export function allows(rules: PolicyRule[], group: string, resource: string, verb: string): boolean {
  return rules.some((rule) =>
    (rule.apiGroups ?? []).some((g) => g === '*' || g === group)
    && (rule.resources ?? []).some((r) => r === '*' || r === resource)
    && rule.verbs.some((v) => v === '*' || v === verb));
}
