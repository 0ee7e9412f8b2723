/**
 * The parts of batch/v1 CronJob and Job the backup concern renders, typed as far as it renders
 * them. Live objects carry many more (defaulted) fields; those stay untyped and are never compared.
 */
import type { KubeObject } from '../../framework/index.js';
import type { RestrictedContainerSecurity } from '../kryton/pod-security.js';


export interface SecretKeySelector {
  name: string;
  key: string;
  optional?: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef: SecretKeySelector };
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

/** The `restricted` container context, with the pod's UID set explicitly. */
export type ContainerSecurityContext = RestrictedContainerSecurity & { runAsUser: number; runAsGroup: number };

export interface Container {
  name: string;
  image: string;
  imagePullPolicy: 'IfNotPresent' | 'Always' | 'Never';
  command?: string[];
  args?: string[];
  env: EnvVar[];
  volumeMounts: VolumeMount[];
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: ContainerSecurityContext;
}

export interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: {
    restartPolicy: 'OnFailure' | 'Never';
    automountServiceAccountToken: boolean;
    enableServiceLinks: boolean;
    securityContext: {
      runAsNonRoot: boolean;
      runAsUser: number;
      runAsGroup: number;
      fsGroup: number;
      seccompProfile: { type: 'RuntimeDefault' };
    };
    initContainers: Container[];
    containers: Container[];
    volumes: Array<{ name: string; emptyDir: { sizeLimit?: string } }>;
  };
}

export interface JobSpecShape {
  backoffLimit: number;
  template: PodTemplate;
  ttlSecondsAfterFinished?: number;
}

export interface CronJob extends KubeObject {
  apiVersion: 'batch/v1';
  kind: 'CronJob';
  metadata: KubeObject['metadata'] & { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    schedule: string;
    timeZone: string;
    concurrencyPolicy: 'Forbid';
    successfulJobsHistoryLimit: number;
    failedJobsHistoryLimit: number;
    jobTemplate: { metadata: { labels: Record<string, string> }; spec: JobSpecShape };
  };
}

export interface Job extends KubeObject {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: KubeObject['metadata'] & { name: string; namespace: string; labels: Record<string, string> };
  spec: JobSpecShape;
}
