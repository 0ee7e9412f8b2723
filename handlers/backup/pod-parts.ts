/**
 * Building blocks shared by the backup CronJob and the restore Job: the Pod Security `restricted`
 * contexts, the scratch volumes, and env entries. Pure.
 */
import { escapeKubeletExpansion } from '../kryton/kubelet-escape.js';
import { OPERATOR_IMAGE_UID, restrictedContainerSecurity as restrictedSecurity } from '../kryton/pod-security.js';
import type { Container, ContainerSecurityContext, EnvVar, PodTemplate, VolumeMount } from './batch-shapes.js';

/**
 * One non-root UID/GID for every container of the pod, so that the dump written by one container
 * is readable by the next through the shared emptyDir (fsGroup makes the volume group-owned).
 */
export const POD_UID = OPERATOR_IMAGE_UID;

/** The shared emptyDir the dump is written to and read from. */
export const DUMP_VOLUME = 'backup';
export const DUMP_DIR = '/backup';
/** Writable /tmp for each container, as the root filesystem is read-only. */
export const TMP_VOLUME = 'tmp';

export function restrictedContainerSecurity(): ContainerSecurityContext {
  return { ...restrictedSecurity(), runAsUser: POD_UID, runAsGroup: POD_UID };
}

export function restrictedPodSecurity(): PodTemplate['spec']['securityContext'] {
  return { runAsNonRoot: true, runAsUser: POD_UID, runAsGroup: POD_UID, fsGroup: POD_UID, seccompProfile: { type: 'RuntimeDefault' } };
}

export function scratchVolumes(): PodTemplate['spec']['volumes'] {
  return [
    { name: DUMP_VOLUME, emptyDir: {} },
    { name: TMP_VOLUME, emptyDir: { sizeLimit: '64Mi' } },
  ];
}

export function scratchMounts(): VolumeMount[] {
  return [
    { name: DUMP_VOLUME, mountPath: DUMP_DIR },
    { name: TMP_VOLUME, mountPath: '/tmp' },
  ];
}

/**
 * A literal env value. The kubelet expands `$(VAR)` in env values too; escaping keeps a user
 * string such as a prefix `$(PGPASSWORD)` from pulling another variable's value into it.
 */
export const literalEnv = (name: string, value: string): EnvVar => ({ name, value: escapeKubeletExpansion(value) });

export const secretEnv = (name: string, secretName: string, key: string = name): EnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: secretName, key } },
});

export interface ContainerParts {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env: EnvVar[];
  memoryLimit: string;
}

export function restrictedContainer(parts: ContainerParts): Container {
  return {
    name: parts.name,
    image: parts.image,
    imagePullPolicy: 'IfNotPresent',
    ...(parts.command ? { command: parts.command } : {}),
    ...(parts.args ? { args: parts.args } : {}),
    env: parts.env,
    volumeMounts: scratchMounts(),
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: parts.memoryLimit } },
    securityContext: restrictedContainerSecurity(),
  };
}
