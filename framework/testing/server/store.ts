/**
 * The in-memory object store: one map per resource, a global monotonic resourceVersion, a bounded
 * event history per resource for watch replay, and an owner-uid index for garbage collection.
 * Writes are O(1) apart from the watchers they notify.
 */
import { type KubeObject } from '../../client/types.js';
import { Ring } from './ring.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  object: KubeObject;
  rv: number;
  /** The state before a MODIFIED event: selector watches turn a change into or out of their set into ADDED/DELETED. */
  previous?: KubeObject;
}

export interface StoreWatcher {
  namespace?: string;
  deliver(event: StoreEvent): void;
}

export interface ObjectAddress {
  key: string;
  namespace: string;
  name: string;
}

class Bucket {
  readonly objects = new Map<string, KubeObject>();
  readonly history: Ring<StoreEvent>;
  /** resourceVersion of the newest event that fell out of the history. */
  evictedRv = 0;
  readonly watchers = new Set<StoreWatcher>();

  constructor(historySize: number) {
    this.history = new Ring<StoreEvent>(historySize);
  }
}

export type StoreListener = (key: string, event: StoreEvent) => void;

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class ObjectStore {
  private rv = 0;
  private readonly buckets = new Map<string, Bucket>();
  private readonly owners = new Map<string, Set<string>>();
  private readonly listeners = new Set<StoreListener>();

  constructor(private readonly historySize: number) {}

  currentRv(): number {
    return this.rv;
  }

  onEvent(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(key: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.buckets.get(key)?.objects.get(objectKey(namespace, name));
  }

  /** All objects of a resource (in one namespace if given), sorted by namespace then name. */
  list(key: string, namespace?: string): KubeObject[] {
    const bucket = this.buckets.get(key);
    if (!bucket) return [];
    const out: KubeObject[] = [];
    if (namespace === undefined) out.push(...bucket.objects.values());
    else for (const o of bucket.objects.values()) if ((o.metadata.namespace ?? '') === namespace) out.push(o);
    return out.sort((a, b) => compareKeys(objectKey(a.metadata.namespace, a.metadata.name!), objectKey(b.metadata.namespace, b.metadata.name!)));
  }

  count(key: string): number {
    return this.buckets.get(key)?.objects.size ?? 0;
  }

  keys(): string[] {
    return [...this.buckets.keys()];
  }

  /** Stores an object (given a fresh resourceVersion here) and tells watchers. The caller hands over ownership of `obj`. */
  put(key: string, obj: KubeObject, type: 'ADDED' | 'MODIFIED'): KubeObject {
    const bucket = this.bucket(key);
    const id = objectKey(obj.metadata.namespace, obj.metadata.name!);
    const previous = bucket.objects.get(id);
    const rv = ++this.rv;
    obj.metadata.resourceVersion = String(rv);
    bucket.objects.set(id, obj);
    this.reindexOwners(key, id, previous, obj);
    this.emit(key, bucket, { type, object: obj, rv, previous });
    return obj;
  }

  /** Removes an object; the DELETED event carries `finalState` when given (e.g. with its last finalizer gone). */
  remove(key: string, namespace: string | undefined, name: string, finalState?: KubeObject): KubeObject | undefined {
    const bucket = this.buckets.get(key);
    const id = objectKey(namespace, name);
    const stored = bucket?.objects.get(id);
    if (!bucket || !stored) return undefined;
    const previous = finalState ?? stored;
    bucket.objects.delete(id);
    this.reindexOwners(key, id, stored, undefined);
    const rv = ++this.rv;
    const gone: KubeObject = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(rv) } };
    this.emit(key, bucket, { type: 'DELETED', object: gone, rv });
    return gone;
  }

  /** Every stored object whose ownerReferences name this uid. */
  dependentsOf(uid: string): ObjectAddress[] {
    const set = this.owners.get(uid);
    if (!set) return [];
    return [...set].map((entry) => {
      const [key, id] = entry.split('\u0000');
      const slash = id.indexOf('/');
      return { key, namespace: id.slice(0, slash), name: id.slice(slash + 1) };
    });
  }

  watch(key: string, watcher: StoreWatcher): () => void {
    const bucket = this.bucket(key);
    bucket.watchers.add(watcher);
    return () => bucket.watchers.delete(watcher);
  }

  /** Events newer than `rv`, oldest first; 'expired' when some of them already fell out of the history. */
  eventsSince(key: string, rv: number): StoreEvent[] | 'expired' {
    const bucket = this.bucket(key);
    if (rv < bucket.evictedRv) return 'expired';
    const out: StoreEvent[] = [];
    for (const e of bucket.history) if (e.rv > rv) out.push(e);
    return out;
  }

  /** The oldest resourceVersion a watch can still resume from. */
  oldestResumableRv(key: string): number {
    return this.bucket(key).evictedRv;
  }

  /** Forgets history so that watches from any earlier version get 410 (fault injection). */
  compact(key: string): void {
    const bucket = this.bucket(key);
    bucket.evictedRv = this.rv;
  }

  dropResource(key: string): void {
    const bucket = this.buckets.get(key);
    if (!bucket) return;
    for (const name of [...bucket.objects.values()].map((o) => o.metadata)) this.remove(key, name.namespace, name.name!);
  }

  private bucket(key: string): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = new Bucket(this.historySize);
      this.buckets.set(key, b);
    }
    return b;
  }

  private emit(key: string, bucket: Bucket, event: StoreEvent): void {
    const evicted = bucket.history.push(event);
    if (evicted) bucket.evictedRv = evicted.rv;
    for (const w of bucket.watchers) {
      if (w.namespace !== undefined && (event.object.metadata.namespace ?? '') !== w.namespace) continue;
      w.deliver(event);
    }
    for (const l of this.listeners) l(key, event);
  }

  private reindexOwners(key: string, id: string, before: KubeObject | undefined, after: KubeObject | undefined): void {
    const entry = `${key}\u0000${id}`;
    for (const ref of before?.metadata.ownerReferences ?? []) this.owners.get(ref.uid)?.delete(entry);
    for (const ref of after?.metadata.ownerReferences ?? []) {
      let set = this.owners.get(ref.uid);
      if (!set) {
        set = new Set();
        this.owners.set(ref.uid, set);
      }
      set.add(entry);
    }
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
