/**
 * The garbage collector and the namespace lifecycle controller: background and foreground
 * owner-reference cascades, and emptying a terminating namespace before it goes away.
 * Reacts to store events on the next turn of the event loop, as the real controllers do asynchronously.
 */
import { type KubeObject } from '../../client/types.js';
import { errors } from './errors.js';
import { FOREGROUND_FINALIZER, type ObjectService } from './objects.js';
import { DeferredSteps } from './deferred-steps.js';
import { type ResourceRegistry, type ResourceType } from './registry.js';
import { type ObjectAddress, type ObjectStore, type StoreEvent } from './store.js';

const NAMESPACE_KEY = '/namespaces';

export class Lifecycle {
  /** uid → where the object lives, for owner lookups. */
  private readonly byUid = new Map<string, ObjectAddress>();
  private readonly steps = new DeferredSteps('garbage collector');

  constructor(private readonly store: ObjectStore, private readonly service: ObjectService, private readonly registry: ResourceRegistry) {
    store.onEvent((key, event) => this.onEvent(key, event));
  }

  /** Cancels work not yet run (server stop). */
  stop(): void {
    this.steps.stop();
  }

  private later(fn: () => void): void {
    this.steps.later(fn);
  }

  private onEvent(key: string, event: StoreEvent): void {
    const o = event.object;
    const uid = o.metadata.uid;
    if (!uid) return;
    if (event.type === 'DELETED') {
      this.byUid.delete(uid);
      this.later(() => this.collectDependents(uid));
      for (const ref of o.metadata.ownerReferences ?? []) this.later(() => this.checkForegroundOwner(ref.uid));
      if (o.metadata.namespace) this.later(() => this.checkNamespaceEmpty(o.metadata.namespace!));
      return;
    }
    this.byUid.set(uid, { key, namespace: o.metadata.namespace ?? '', name: o.metadata.name! });
    if (!o.metadata.deletionTimestamp) return;
    if (o.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) this.later(() => this.deleteDependentsForeground(uid));
    if (key === NAMESPACE_KEY) this.later(() => this.purgeNamespace(o.metadata.name!));
  }

  private typeOf(key: string): ResourceType | undefined {
    return this.registry.byStorageKey(key);
  }

  private objectAt(a: ObjectAddress): { t: ResourceType; o: KubeObject } | undefined {
    const t = this.typeOf(a.key);
    const o = t && this.service.find(t, a.namespace || undefined, a.name);
    return t && o ? { t, o } : undefined;
  }

  /** Background GC: dependents whose owners are all gone are deleted; others lose the dead reference. */
  private collectDependents(ownerUid: string): void {
    for (const dep of this.store.dependentsOf(ownerUid)) {
      const found = this.objectAt(dep);
      if (!found) continue;
      const refs = (found.o.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
      if (refs.some((r) => this.byUid.has(r.uid))) {
        const next = structuredClone(found.o);
        next.metadata.ownerReferences = refs;
        this.store.put(dep.key, next, 'MODIFIED');
      } else if (!found.o.metadata.deletionTimestamp) {
        this.service.delete(found.t, dep.namespace || undefined, dep.name, { propagationPolicy: 'Background' });
      }
    }
  }

  private deleteDependentsForeground(ownerUid: string): void {
    for (const dep of this.store.dependentsOf(ownerUid)) {
      const found = this.objectAt(dep);
      if (found && !found.o.metadata.deletionTimestamp) this.service.delete(found.t, dep.namespace || undefined, dep.name, { propagationPolicy: 'Foreground' });
    }
    this.checkForegroundOwner(ownerUid);
  }

  /** A foreground-deleting owner goes once none of its dependents is left. */
  private checkForegroundOwner(ownerUid: string): void {
    const at = this.byUid.get(ownerUid);
    const found = at && this.objectAt(at);
    if (!found || !found.o.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) return;
    if (this.store.dependentsOf(ownerUid).length > 0) return;
    this.service.removeFinalizer(found.t, found.o, FOREGROUND_FINALIZER);
  }

  private namespacedKeys(): Array<{ key: string; t: ResourceType }> {
    const out: Array<{ key: string; t: ResourceType }> = [];
    for (const key of this.store.keys()) {
      const t = this.typeOf(key);
      if (t?.namespaced) out.push({ key, t });
    }
    return out;
  }

  private purgeNamespace(namespace: string): void {
    for (const { t } of this.namespacedKeys()) {
      for (const o of this.service.list(t, namespace)) {
        if (!o.metadata.deletionTimestamp) this.service.delete(t, namespace, o.metadata.name!, { propagationPolicy: 'Background' });
      }
    }
    this.checkNamespaceEmpty(namespace);
  }

  private checkNamespaceEmpty(namespace: string): void {
    const ns = this.store.get(NAMESPACE_KEY, undefined, namespace);
    if (!ns?.metadata.deletionTimestamp || ns.metadata.finalizers?.length) return;
    for (const { key } of this.namespacedKeys()) if (this.store.list(key, namespace).length > 0) return;
    const nsType = this.typeOf(NAMESPACE_KEY);
    if (!nsType) throw errors.internal('the namespaces resource is not registered');
    this.service.finishDeletion(nsType, ns);
  }
}

