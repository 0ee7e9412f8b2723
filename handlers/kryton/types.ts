/**
 * The Kryton custom resource as TypeScript sees it. The CRD YAML
 * (deploy/crd/bases/kryton.azrtydxb.io_krytons.yaml) is the source of truth; these types mirror it.
 */
import type { KubeObject, ResourceRef } from '../../framework/index.js';

export const KRYTON_GROUP = 'kryton.azrtydxb.io';
export const KRYTON_VERSION = 'v1alpha1';

export const KRYTONS: ResourceRef = {
  group: KRYTON_GROUP,
  version: KRYTON_VERSION,
  plural: 'krytons',
  kind: 'Kryton',
  namespaced: true,
};

export interface CredentialsSecretRef {
  name: string;
}

export interface ObjectStoreSpec {
  bucket: string;
  endpoint: string;
  region?: string;
  prefix?: string;
  credentialsSecretRef: CredentialsSecretRef;
}

export interface BackupSpec {
  schedule: string;
  retention?: string;
  objectStore?: ObjectStoreSpec;
}

export interface PluginSpec {
  name: string;
  url: string;
  sha256: string;
  /** Plain http:// is refused unless this is true. */
  allowInsecureHttp?: boolean;
}

export interface SnapshotSpec {
  schedule: string;
  retention?: string;
  volumeSnapshotClassName?: string;
}

export interface KrytonSpec {
  version: string;
  values?: Record<string, unknown>;
  backup?: BackupSpec;
  plugins?: PluginSpec[];
  snapshot?: SnapshotSpec;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

export interface KrytonStatus {
  helmRevision?: number;
  observedVersion?: string;
  observedGeneration?: number;
  conditions?: Condition[];
  [field: string]: unknown;
}

export interface Kryton extends KubeObject {
  spec: KrytonSpec;
  status?: KrytonStatus;
}
