/**
 * The Pod Security Standards `restricted` profile, as a checker over a pod spec: one message per
 * violation, empty when the pod is admitted by a namespace enforcing `restricted`.
 */
const ALLOWED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

type Json = Record<string, unknown>;

export function restrictedViolations(pod: Json): string[] {
  const problems: string[] = [];
  const podSecurity = (pod.securityContext ?? {}) as Json;
  for (const flag of ['hostNetwork', 'hostPID', 'hostIPC']) if (pod[flag] === true) problems.push(`${flag} is set`);
  for (const volume of (pod.volumes ?? []) as Json[]) {
    const types = Object.keys(volume).filter((k) => k !== 'name');
    if (!types.every((t) => ALLOWED_VOLUME_TYPES.has(t))) problems.push(`volume ${String(volume.name)} has type ${types.join(',')}`);
  }
  const podSeccomp = (podSecurity.seccompProfile as Json | undefined)?.type;
  const containers = [...((pod.initContainers ?? []) as Json[]), ...((pod.containers ?? []) as Json[])];
  for (const c of containers) {
    const sc = (c.securityContext ?? {}) as Json;
    const name = String(c.name);
    if (sc.privileged === true) problems.push(`${name}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${name}: allowPrivilegeEscalation is not false`);
    if (sc.runAsNonRoot !== true && podSecurity.runAsNonRoot !== true) problems.push(`${name}: runAsNonRoot is not true`);
    const uid = sc.runAsUser ?? podSecurity.runAsUser;
    if (uid === 0) problems.push(`${name}: runAsUser is 0`);
    const seccomp = (sc.seccompProfile as Json | undefined)?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${name}: seccompProfile is ${String(seccomp)}`);
    const caps = (sc.capabilities ?? {}) as { drop?: string[]; add?: string[] };
    if (!caps.drop?.includes('ALL')) problems.push(`${name}: capabilities do not drop ALL`);
    if ((caps.add ?? []).some((cap) => cap !== 'NET_BIND_SERVICE')) problems.push(`${name}: adds capabilities ${caps.add?.join(',')}`);
    for (const port of (c.ports ?? []) as Json[]) if (port.hostPort) problems.push(`${name}: hostPort`);
  }
  return problems;
}
