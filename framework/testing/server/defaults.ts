/** Per-kind defaulting the real API server's strategies do on create, limited to what clients rely on. */
import { type KubeObject } from '../../client/types.js';
import { type ResourceType } from './registry.js';

type Json = Record<string, unknown>;

export class ClusterIpAllocator {
  private next = 10;

  allocate(): string {
    const n = this.next++;
    return `10.96.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
  }
}

function obj(parent: Json, key: string): Json {
  if (!parent[key] || typeof parent[key] !== 'object') parent[key] = {};
  return parent[key] as Json;
}

/** Fills defaults on a new object, in place. */
export function defaultOnCreate(t: ResourceType, o: KubeObject, ips: ClusterIpAllocator): void {
  if (t.custom) return;
  const kind = `${t.group}/${t.kind}`;
  switch (kind) {
    case '/Namespace': {
      o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name! };
      obj(o, 'spec').finalizers = ['kubernetes'];
      o.status = { phase: 'Active' };
      break;
    }
    case '/Service': {
      const spec = obj(o, 'spec');
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      for (const p of (spec.ports as Json[] | undefined) ?? []) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
      if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None' && !spec.clusterIP) spec.clusterIP = ips.allocate();
      if (spec.clusterIP && spec.type !== 'ExternalName') {
        spec.clusterIPs ??= [spec.clusterIP];
        spec.ipFamilies ??= ['IPv4'];
        spec.ipFamilyPolicy ??= 'SingleStack';
        spec.internalTrafficPolicy ??= 'Cluster';
      }
      o.status ??= { loadBalancer: {} };
      break;
    }
    case '/Secret': {
      o.type ??= 'Opaque';
      break;
    }
    case '/Pod': {
      o.status = { phase: 'Pending' };
      break;
    }
    case 'apps/Deployment': {
      const spec = obj(o, 'spec');
      spec.replicas ??= 1;
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
      break;
    }
    case 'apiextensions.k8s.io/CustomResourceDefinition': {
      o.status = crdStatus(o);
      break;
    }
    case 'batch/Job': {
      const spec = obj(o, 'spec');
      spec.completions ??= 1;
      spec.parallelism ??= 1;
      spec.backoffLimit ??= 6;
      break;
    }
  }
}

/** Secrets: `stringData` is write-only and merged into base64 `data`. */
export function normalizeSecret(t: ResourceType, o: KubeObject): void {
  if (t.custom || t.group !== '' || t.kind !== 'Secret' || !o.stringData) return;
  const data = { ...((o.data as Record<string, string> | undefined) ?? {}) };
  for (const [k, v] of Object.entries(o.stringData as Record<string, string>)) data[k] = Buffer.from(String(v)).toString('base64');
  o.data = data;
  delete o.stringData;
}

/** A CRD is accepted and established the moment it is created. */
export function crdStatus(o: KubeObject): Json {
  const spec = (o.spec ?? {}) as { names?: Json; versions?: Array<{ name: string; storage?: boolean }> };
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const names = { ...(spec.names ?? {}) } as Json;
  names.singular ??= String(names.kind ?? '').toLowerCase();
  names.listKind ??= `${String(names.kind ?? '')}List`;
  return {
    conditions: [
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: now },
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: now },
    ],
    acceptedNames: names,
    storedVersions: (spec.versions ?? []).filter((v) => v.storage).map((v) => v.name),
  };
}
