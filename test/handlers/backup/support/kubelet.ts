/**
 * What the kubelet does to a container spec before the process starts, for running rendered
 * steps on this machine: env entries resolved in order (literal values expanded against earlier
 * ones, secretKeyRef read from a Secret object), then `$(VAR)` expansion of command and args
 * (`$$` → `$`, unknown `$(X)` left as written).
 */
import type { Container } from '../../../../handlers/backup/batch-shapes.js';
import { kubeletExpand } from '../../plugins/kubelet-expansion.js';

export interface SecretObject {
  metadata: { name: string };
  data: Record<string, string>;
}

/** `$(VAR)` expansion exactly as the kubelet does it (shared with the plugins tests). */
export const expandKubeletReferences = kubeletExpand;

/** The environment the container's process sees. Fails like the kubelet when a Secret key is missing. */
export function resolveEnv(container: Container, secrets: readonly SecretObject[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of container.env) {
    if (entry.value !== undefined) {
      env[entry.name] = expandKubeletReferences(entry.value, env);
      continue;
    }
    const ref = entry.valueFrom?.secretKeyRef;
    if (!ref) throw new Error(`env ${entry.name} has neither value nor secretKeyRef`);
    const secret = secrets.find((s) => s.metadata.name === ref.name);
    const encoded = secret?.data[ref.key];
    if (encoded === undefined) throw new Error(`CreateContainerConfigError: secret ${ref.name} has no key ${ref.key}`);
    env[entry.name] = Buffer.from(encoded, 'base64').toString('utf8');
  }
  return env;
}

/** argv of the process: command (or the image's entrypoint) followed by args, both expanded. */
export function resolveArgv(container: Container, env: Record<string, string>, entrypoint: readonly string[] = []): string[] {
  const command = container.command ?? [...entrypoint];
  return [...command, ...(container.args ?? [])].map((part) => expandKubeletReferences(part, env));
}

export function secretObject(name: string, values: Record<string, string>): SecretObject {
  return { metadata: { name }, data: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) };
}
