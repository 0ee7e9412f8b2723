/**
 * Fake workload controllers, just enough for clients that wait on them: a Deployment gets an owned
 * ReplicaSet for its current template and a ready status (helm --wait, kubectl rollout status), a
 * ReplicaSet, StatefulSet and DaemonSet reports its replicas ready and updated, a Job completes at once
 * (helm hooks), a PersistentVolumeClaim is Bound, a Pod reports Running and Ready (Succeeded when its
 * restartPolicy is Never or OnFailure), and every new namespace gets its `default` ServiceAccount.
 * Nothing actually runs.
 */
import { createHash } from 'node:crypto';
import { type KubeObject } from '../../client/types.js';
import { type ObjectService, nowTimestamp } from './objects.js';
import { DeferredSteps } from './deferred-steps.js';
import { type ResourceRegistry, type ResourceType } from './registry.js';
import { type ObjectStore } from './store.js';

type Json = Record<string, unknown>;

const DEPLOYMENTS = 'apps/deployments';
const REPLICASETS = 'apps/replicasets';
const JOBS = 'batch/jobs';
const NAMESPACES = '/namespaces';
const REVISION = 'deployment.kubernetes.io/revision';
const STATEFULSETS = 'apps/statefulsets';
const DAEMONSETS = 'apps/daemonsets';
const PVCS = '/persistentvolumeclaims';
const PODS = '/pods';

export function templateHash(template: unknown): string {
  const hex = createHash('sha256').update(JSON.stringify(template ?? {})).digest('hex');
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < 10; i++) out += alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  return out;
}

export class FakeControllers {
  private readonly steps = new DeferredSteps('fake controller');

  constructor(store: ObjectStore, private readonly service: ObjectService, private readonly registry: ResourceRegistry) {
    store.onEvent((key, event) => {
      if (event.type === 'DELETED' || event.object.metadata.deletionTimestamp) return;
      const { namespace, name } = event.object.metadata;
      if (key === DEPLOYMENTS) this.later(() => this.reconcileDeployment(namespace!, name!));
      else if (key === REPLICASETS) this.later(() => this.reconcileReplicaSet(namespace!, name!));
      else if (key === JOBS && event.type === 'ADDED') this.later(() => this.completeJob(namespace!, name!));
      else if (key === NAMESPACES && event.type === 'ADDED') this.later(() => this.defaultServiceAccount(name!));
      else if (key === STATEFULSETS || key === DAEMONSETS) this.later(() => this.reconcileWorkload(key, namespace!, name!));
      else if (key === PVCS && event.type === 'ADDED') this.later(() => this.bindClaim(namespace!, name!));
      else if (key === PODS && event.type === 'ADDED') this.later(() => this.startPod(namespace!, name!));
    });
  }

  /** Cancels work not yet run (server stop). */
  stop(): void {
    this.steps.stop();
  }

  private later(fn: () => void): void {
    this.steps.later(fn);
  }

  private type(group: string, plural: string): ResourceType {
    const t = this.registry.lookup(group, 'v1', plural);
    if (!t) throw new Error(`${plural}.${group}/v1 is not registered`);
    return t;
  }

  private reconcileDeployment(namespace: string, name: string): void {
    const dt = this.type('apps', 'deployments');
    const rt = this.type('apps', 'replicasets');
    const d = this.service.find(dt, namespace, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const spec = (d.spec ?? {}) as { replicas?: number; selector?: { matchLabels?: Record<string, string> }; template?: Json };
    const replicas = spec.replicas ?? 1;
    const template = (spec.template ?? {}) as { metadata?: { labels?: Record<string, string> } };
    const hash = templateHash(template);
    const rsName = `${name}-${hash}`;
    const owned = this.service.list(rt, namespace).filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid && r.controller));
    const revisions = owned.map((rs) => Number(rs.metadata.annotations?.[REVISION] ?? 0));
    const current = owned.find((rs) => rs.metadata.name === rsName);
    if (!current) {
      const labels = { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash };
      this.service.create(rt, namespace, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          labels,
          annotations: { [REVISION]: String(Math.max(0, ...revisions) + 1) },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
        },
        spec: {
          replicas,
          selector: { matchLabels: { ...(spec.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
          template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
        },
      });
    } else {
      const latest = Math.max(0, ...revisions);
      const own = Number(current.metadata.annotations?.[REVISION] ?? 0);
      // Going back to an older template (a rollback) makes its ReplicaSet the newest revision.
      const annotations = own < latest ? { [REVISION]: String(latest + 1) } : undefined;
      if ((current.spec as Json).replicas !== replicas || annotations) {
        this.service.patch(rt, namespace, rsName, 'merge', { ...(annotations ? { metadata: { annotations } } : {}), spec: { replicas } });
      }
    }
    for (const rs of owned) {
      if (rs.metadata.name !== rsName && (rs.spec as Json).replicas !== 0) this.service.patch(rt, namespace, rs.metadata.name!, 'merge', { spec: { replicas: 0 } });
    }
    const rsNow = this.service.find(rt, namespace, rsName);
    const revision = rsNow?.metadata.annotations?.[REVISION];
    if (revision && d.metadata.annotations?.[REVISION] !== revision) {
      this.service.patch(dt, namespace, name, 'merge', { metadata: { annotations: { [REVISION]: revision } } });
    }
    const now = nowTimestamp();
    const prev = (d.status ?? {}) as { conditions?: Json[] };
    const since = (type: string): string => String(prev.conditions?.find((c) => c.type === type)?.lastTransitionTime ?? now);
    this.service.writeStatus(dt, d, {
      observedGeneration: d.metadata.generation,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: since('Available'), lastTransitionTime: since('Available') },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.`, lastUpdateTime: since('Progressing'), lastTransitionTime: since('Progressing') },
      ],
    });
  }

  private reconcileReplicaSet(namespace: string, name: string): void {
    const rt = this.type('apps', 'replicasets');
    const rs = this.service.find(rt, namespace, name);
    if (!rs) return;
    const replicas = Number((rs.spec as Json | undefined)?.replicas ?? 1);
    this.service.writeStatus(rt, rs, {
      replicas,
      fullyLabeledReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      observedGeneration: rs.metadata.generation,
    });
  }

  private reconcileWorkload(key: string, namespace: string, name: string): void {
    const statefulSet = key === STATEFULSETS;
    const t = this.type('apps', statefulSet ? 'statefulsets' : 'daemonsets');
    const o = this.service.find(t, namespace, name);
    if (!o) return;
    const spec = (o.spec ?? {}) as { replicas?: number; template?: unknown };
    if (statefulSet) {
      const replicas = spec.replicas ?? 1;
      const revision = `${name}-${templateHash(spec.template)}`;
      this.service.writeStatus(t, o, {
        observedGeneration: o.metadata.generation, replicas, readyReplicas: replicas, currentReplicas: replicas, updatedReplicas: replicas,
        availableReplicas: replicas, currentRevision: revision, updateRevision: revision, collisionCount: 0,
      });
    } else {
      this.service.writeStatus(t, o, {
        observedGeneration: o.metadata.generation, desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1,
        updatedNumberScheduled: 1, numberAvailable: 1, numberMisscheduled: 0,
      });
    }
  }

  private bindClaim(namespace: string, name: string): void {
    const t = this.type('', 'persistentvolumeclaims');
    const pvc = this.service.find(t, namespace, name);
    if (!pvc) return;
    const spec = (pvc.spec ?? {}) as { accessModes?: string[]; resources?: { requests?: Record<string, string> } };
    this.service.writeStatus(t, pvc, { phase: 'Bound', accessModes: spec.accessModes ?? [], capacity: { ...(spec.resources?.requests ?? {}) } });
  }

  private startPod(namespace: string, name: string): void {
    const t = this.type('', 'pods');
    const pod = this.service.find(t, namespace, name);
    if (!pod) return;
    const spec = (pod.spec ?? {}) as { restartPolicy?: string; containers?: Array<{ name: string; image?: string }> };
    const now = nowTimestamp();
    const completes = spec.restartPolicy === 'Never' || spec.restartPolicy === 'OnFailure';
    const state = completes ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } } : { running: { startedAt: now } };
    this.service.writeStatus(t, pod, {
      phase: completes ? 'Succeeded' : 'Running',
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: now },
        { type: 'Ready', status: completes ? 'False' : 'True', lastTransitionTime: now, ...(completes ? { reason: 'PodCompleted' } : {}) },
        { type: 'ContainersReady', status: completes ? 'False' : 'True', lastTransitionTime: now },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
      ],
      startTime: now,
      podIP: '10.244.0.10',
      containerStatuses: (spec.containers ?? []).map((c) => ({ name: c.name, image: c.image ?? '', ready: !completes, restartCount: 0, started: !completes, state })),
    });
  }

  private defaultServiceAccount(namespace: string): void {
    const st = this.registry.lookup('', 'v1', 'serviceaccounts');
    if (!st || this.service.find(st, namespace, 'default')) return;
    this.service.create(st, namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
  }

  private completeJob(namespace: string, name: string): void {
    const jt = this.type('batch', 'jobs');
    const job: KubeObject | undefined = this.service.find(jt, namespace, name);
    if (!job || (job.status as Json | undefined)?.completionTime) return;
    const now = nowTimestamp();
    const completions = Number((job.spec as Json | undefined)?.completions ?? 1);
    this.service.writeStatus(jt, job, {
      startTime: now,
      completionTime: now,
      succeeded: completions,
      active: 0,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now, lastTransitionTime: now },
        { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now, lastTransitionTime: now },
      ],
    });
  }
}
