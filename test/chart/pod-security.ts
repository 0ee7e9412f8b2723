/**
 * The Pod Security Standards "restricted" profile (which includes "baseline"), as a pure check of a
 * pod spec. Returns what a `pod-security.kubernetes.io/enforce: restricted` namespace would refuse.
 */
type Json = Record<string, unknown>;

const ALLOWED_VOLUME_SOURCES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);
const ALLOWED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);

const asObject = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});
const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

export function restrictedViolations(podSpec: Json): string[] {
  const violations: string[] = [];
  const podContext = asObject(podSpec.securityContext);
  for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (podSpec[host] === true) violations.push(`${host} is true`);
  }
  for (const volume of asArray(podSpec.volumes)) {
    const sources = Object.keys(volume).filter((key) => key !== 'name');
    for (const source of sources) {
      if (!ALLOWED_VOLUME_SOURCES.has(source)) violations.push(`volume ${String(volume.name)} uses ${source}`);
    }
  }
  if (podContext.runAsUser === 0) violations.push('pod runAsUser is 0');
  const containers = [
    ...asArray(podSpec.initContainers).map((c) => ({ kind: 'init container', c })),
    ...asArray(podSpec.containers).map((c) => ({ kind: 'container', c })),
  ];
  for (const { kind, c } of containers) {
    const where = `${kind} ${String(c.name)}`;
    const context = asObject(c.securityContext);
    if (context.privileged === true) violations.push(`${where} is privileged`);
    if (context.allowPrivilegeEscalation !== false) violations.push(`${where} does not set allowPrivilegeEscalation: false`);
    const runAsNonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
    if (runAsNonRoot !== true) violations.push(`${where} does not run as non-root (runAsNonRoot)`);
    if (context.runAsUser === 0) violations.push(`${where} runAsUser is 0`);
    const seccomp = asObject(context.seccompProfile ?? podContext.seccompProfile).type;
    if (!ALLOWED_SECCOMP.has(String(seccomp))) violations.push(`${where} has no RuntimeDefault or Localhost seccomp profile`);
    const capabilities = asObject(context.capabilities);
    const dropped = (capabilities.drop as unknown[] | undefined) ?? [];
    if (!dropped.includes('ALL')) violations.push(`${where} does not drop ALL capabilities`);
    const added = (capabilities.add as unknown[] | undefined) ?? [];
    for (const capability of added) {
      if (capability !== 'NET_BIND_SERVICE') violations.push(`${where} adds capability ${String(capability)}`);
    }
    for (const port of asArray(c.ports)) {
      if (port.hostPort !== undefined && port.hostPort !== 0) violations.push(`${where} uses hostPort ${String(port.hostPort)}`);
    }
  }
  return violations;
}

/** Every pod spec inside the objects: Pods, workload templates and CronJob job templates. */
export function podSpecsOf(objects: Array<{ kind: string; metadata?: { name?: string }; spec?: unknown }>): Array<{ owner: string; podSpec: Json }> {
  const found: Array<{ owner: string; podSpec: Json }> = [];
  for (const object of objects) {
    const owner = `${object.kind}/${object.metadata?.name ?? '?'}`;
    const spec = asObject(object.spec);
    if (object.kind === 'Pod') found.push({ owner, podSpec: spec });
    const template = asObject(asObject(spec.template).spec);
    if (Object.keys(template).length > 0) found.push({ owner, podSpec: template });
    const jobTemplate = asObject(asObject(asObject(asObject(spec.jobTemplate).spec).template).spec);
    if (Object.keys(jobTemplate).length > 0) found.push({ owner, podSpec: jobTemplate });
  }
  return found;
}
