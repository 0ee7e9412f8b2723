/**
 * REST semantics of the local API server, independent of HTTP: create, update, patch and delete with
 * kube-apiserver's rules for server-set metadata, optimistic concurrency, generation, subresources,
 * finalizers and dry-run. Used by the HTTP layer and by the fake controllers.
 */
import { randomUUID } from 'node:crypto';
import { type KubeObject } from '../../client/types.js';
import { PatchError, applyJsonPatch, applyMergePatch, applyServerSideApply, applyStrategicMergePatch } from '../patch/index.js';
import { type JsonObject, type JsonSchema, type JsonValue } from '../schema/index.js';
import { Admission, type FieldValidation } from './admission.js';
import { ClusterIpAllocator, defaultOnCreate, normalizeSecret } from './defaults.js';
import { ApiStatusError, errors, qualifiedResource } from './errors.js';
import { type ResourceType, apiVersionOf, storageKey } from './registry.js';
import { labelSelectorToString } from './selectors.js';
import { type ObjectStore } from './store.js';

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  force?: boolean;
  /** Collects `Warning` headers. */
  warnings?: string[];
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  orphanDependents?: boolean;
  dryRun?: string[];
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type PatchType = 'strategic' | 'merge' | 'json' | 'apply';

const PATCH_TYPES: Record<string, PatchType> = {
  'application/strategic-merge-patch+json': 'strategic',
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/apply-patch+yaml': 'apply',
};

export function patchTypeOf(contentType: string): PatchType | undefined {
  return PATCH_TYPES[contentType.split(';')[0].trim()];
}

const GENERATE_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export function nowTimestamp(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Everything but metadata and status: what `metadata.generation` tracks. */
function specPart(o: KubeObject): string {
  const { metadata: _m, status: _s, ...rest } = o;
  return JSON.stringify(rest);
}

function comparable(o: KubeObject): string {
  const { resourceVersion: _rv, managedFields: _mf, ...meta } = o.metadata;
  return JSON.stringify({ ...o, metadata: meta });
}

function patchFailure(e: unknown): unknown {
  if (!(e instanceof PatchError)) return e;
  const reason = e.status === 409 ? 'Conflict' : e.status === 422 ? 'Invalid' : e.status === 415 ? 'UnsupportedMediaType' : 'BadRequest';
  return new ApiStatusError(e.status, reason, e.message);
}

export class ObjectService {
  readonly admission = new Admission();
  private readonly ips = new ClusterIpAllocator();

  constructor(readonly store: ObjectStore, private readonly namespaceType: () => ResourceType) {}

  /** The stored object as seen through `t`'s version (no conversion: only apiVersion differs). */
  view(t: ResourceType, o: KubeObject): KubeObject {
    const av = apiVersionOf(t);
    return o.apiVersion === av ? o : { ...o, apiVersion: av };
  }

  get(t: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const o = this.store.get(storageKey(t), t.namespaced ? namespace : undefined, name);
    if (!o) throw errors.notFound(t.plural, t.group, name);
    return this.view(t, o);
  }

  find(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.store.get(storageKey(t), t.namespaced ? namespace : undefined, name);
    return o ? this.view(t, o) : undefined;
  }

  list(t: ResourceType, namespace: string | undefined): KubeObject[] {
    return this.store.list(storageKey(t), t.namespaced ? namespace : undefined).map((o) => this.view(t, o));
  }

  private checkNamespace(t: ResourceType, namespace: string | undefined, name: string): void {
    if (!t.namespaced) return;
    const ns = this.store.get(storageKey(this.namespaceType()), undefined, namespace ?? '');
    if (!ns) throw errors.notFound('namespaces', '', namespace ?? '');
    if (ns.metadata.deletionTimestamp) {
      throw errors.forbidden(`${qualifiedResource(t.plural, t.group)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, name, t.group, t.plural);
    }
  }

  private prepareBody(t: ResourceType, namespace: string | undefined, body: unknown): KubeObject {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest('the request body must be a JSON object');
    const o = body as KubeObject;
    if (o.kind !== undefined && o.kind !== t.kind) throw errors.badRequest(`the kind of the object (${String(o.kind)}) does not match the resource (${t.kind})`);
    o.apiVersion = apiVersionOf(t);
    o.kind = t.kind;
    o.metadata = o.metadata && typeof o.metadata === 'object' ? o.metadata : {};
    if (t.namespaced) {
      if (o.metadata.namespace && namespace && o.metadata.namespace !== namespace) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      o.metadata.namespace = namespace ?? o.metadata.namespace;
    } else delete o.metadata.namespace;
    return o;
  }

  create(t: ResourceType, namespace: string | undefined, body: unknown, opts: WriteOptions = {}): KubeObject {
    const o = this.prepareBody(t, namespace, body);
    if (!o.metadata.name) {
      if (!o.metadata.generateName) {
        throw errors.invalid(t.kind, t.group, '', `${t.kind}.${t.group ? `${t.group} ` : ''}"" is invalid: metadata.name: Required value: name or generateName is required`, [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
      }
      let suffix = '';
      for (let i = 0; i < 5; i++) suffix += GENERATE_CHARS[Math.floor(Math.random() * GENERATE_CHARS.length)];
      o.metadata.name = `${o.metadata.generateName}${suffix}`;
    }
    this.checkNamespace(t, o.metadata.namespace, o.metadata.name);
    const key = storageKey(t);
    if (this.store.get(key, o.metadata.namespace, o.metadata.name)) throw errors.alreadyExists(t.plural, t.group, o.metadata.name);
    const meta = o.metadata;
    meta.uid = randomUUID();
    meta.creationTimestamp = nowTimestamp();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.resourceVersion;
    if (t.subresources.includes('status')) delete o.status;
    if (t.custom || 'spec' in o) meta.generation = 1;
    else delete meta.generation;
    normalizeSecret(t, o);
    defaultOnCreate(t, o, this.ips);
    const admitted = this.admission.admit(t, o, undefined, opts.fieldValidation ?? 'Ignore', opts.warnings ?? []);
    if (opts.dryRun) return admitted;
    return this.store.put(key, admitted, 'ADDED');
  }

  /**
   * PUT. `subresource` 'status' changes only status; the main resource keeps the old status when the
   * resource has a status subresource. A body without resourceVersion updates unconditionally.
   */
  update(t: ResourceType, namespace: string | undefined, name: string, body: unknown, opts: WriteOptions = {}, subresource?: 'status'): KubeObject {
    const old = this.get(t, namespace, name);
    const o = this.prepareBody(t, namespace, body);
    if (o.metadata.name && o.metadata.name !== name) throw errors.badRequest(`the name of the object (${o.metadata.name}) does not match the name on the URL (${name})`);
    o.metadata.name = name;
    if (o.metadata.resourceVersion && o.metadata.resourceVersion !== old.metadata.resourceVersion) throw errors.conflict(t.plural, t.group, name);
    let next: KubeObject;
    if (subresource === 'status') {
      next = { ...clone(old), status: o.status };
    } else {
      next = o;
      if (t.subresources.includes('status')) {
        if (old.status === undefined) delete next.status;
        else next.status = clone(old.status);
      }
      normalizeSecret(t, next);
    }
    return this.commitUpdate(t, old, next, opts);
  }

  /** Stores `next` as the new state of `old`, keeping server-owned metadata and applying finalizer rules. */
  private commitUpdate(t: ResourceType, old: KubeObject, next: KubeObject, opts: WriteOptions): KubeObject {
    const meta = next.metadata;
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    meta.namespace = old.metadata.namespace;
    meta.name = old.metadata.name;
    if (old.metadata.deletionTimestamp) {
      meta.deletionTimestamp = old.metadata.deletionTimestamp;
      meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    if (old.metadata.generation !== undefined) {
      meta.generation = old.metadata.generation + (specPart(old) === specPart(next) ? 0 : 1);
    }
    if (!meta.managedFields && old.metadata.managedFields) meta.managedFields = old.metadata.managedFields;
    if (meta.finalizers && meta.finalizers.length === 0) delete meta.finalizers;
    const admitted = this.admission.admit(t, next, old, opts.fieldValidation ?? 'Ignore', opts.warnings ?? []);
    admitted.metadata.resourceVersion = old.metadata.resourceVersion;
    if (comparable(admitted) === comparable(old)) return old;
    if (opts.dryRun) return admitted;
    const key = storageKey(t);
    if (admitted.metadata.deletionTimestamp && !(admitted.metadata.finalizers?.length)) {
      return this.store.remove(key, admitted.metadata.namespace, admitted.metadata.name!, admitted) ?? admitted;
    }
    return this.store.put(key, admitted, 'MODIFIED');
  }

  /** PATCH; `created` is true when a server-side apply created the object (HTTP 201). */
  patch(t: ResourceType, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts: WriteOptions = {}, subresource?: 'status' | 'scale'): { object: KubeObject; created: boolean } {
    if (type === 'apply' && !opts.fieldManager) throw errors.badRequest('PATCH requires a fieldManager query parameter for server-side apply (application/apply-patch+yaml)');
    if (type === 'strategic' && !t.definition) {
      throw new ApiStatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
    }
    const live = this.find(t, namespace, name);
    if (!live) {
      if (type !== 'apply' || subresource) throw errors.notFound(t.plural, t.group, name);
      const applied = this.runPatch(t, undefined, type, patch, opts);
      const body = { ...applied, metadata: { ...applied.metadata, name } };
      return { object: this.create(t, namespace, body, opts), created: true };
    }
    if (subresource === 'scale') {
      const scale = this.scaleOf(t, live);
      const patched = (type === 'json' ? applyJsonPatch(scale as unknown as JsonValue, patch) : applyMergePatch(scale as unknown as JsonValue, patch as JsonValue)) as unknown as KubeObject;
      return { object: this.scaleOf(t, this.setReplicas(t, live, patched, opts)), created: false };
    }
    const patched = this.runPatch(t, clone(live), type, patch, opts);
    if (patched.metadata?.resourceVersion && patched.metadata.resourceVersion !== live.metadata.resourceVersion) throw errors.conflict(t.plural, t.group, name);
    let next: KubeObject;
    if (subresource === 'status') next = { ...clone(live), status: patched.status };
    else {
      next = patched;
      if (t.subresources.includes('status')) {
        if (live.status === undefined) delete next.status;
        else next.status = clone(live.status);
      }
      normalizeSecret(t, next);
    }
    next.apiVersion = apiVersionOf(t);
    next.kind = t.kind;
    next.metadata = next.metadata ?? {};
    return { object: this.commitUpdate(t, live, next, opts), created: false };
  }

  private runPatch(t: ResourceType, live: KubeObject | undefined, type: PatchType, patch: unknown, opts: WriteOptions): KubeObject {
    try {
      switch (type) {
        case 'strategic': return applyStrategicMergePatch(live as unknown as JsonObject, patch as JsonObject, t.definition!) as unknown as KubeObject;
        case 'merge': return applyMergePatch(live as unknown as JsonValue, patch as JsonValue) as unknown as KubeObject;
        case 'json': return applyJsonPatch(live as unknown as JsonValue, patch) as unknown as KubeObject;
        case 'apply': {
          const applied = patch as JsonObject;
          return applyServerSideApply(live as unknown as JsonObject | undefined, applied, {
            fieldManager: opts.fieldManager!, force: opts.force ?? false, definitionName: t.definition, schema: t.custom?.openAPIV3Schema as JsonSchema | undefined,
          }) as unknown as KubeObject;
        }
      }
    } catch (e) {
      throw patchFailure(e);
    }
  }

  /** The autoscaling/v1 Scale of a Deployment/ReplicaSet/StatefulSet or a CR with a scale subresource. */
  scaleOf(t: ResourceType, o: KubeObject): KubeObject {
    const paths = t.custom?.scale ?? { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: undefined };
    const read = (path: string | undefined): unknown => {
      if (!path) return undefined;
      let cur: unknown = o;
      for (const seg of path.replace(/^\./, '').split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
      return cur;
    };
    const spec = (o.spec ?? {}) as { selector?: Parameters<typeof labelSelectorToString>[0] };
    const selector = t.custom ? read(paths.labelSelectorPath) : labelSelectorToString(spec.selector);
    const { name, namespace, uid, resourceVersion, creationTimestamp } = o.metadata;
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
      spec: { replicas: Number(read(paths.specReplicasPath) ?? 0) },
      status: { replicas: Number(read(paths.statusReplicasPath) ?? 0), ...(selector ? { selector } : {}) },
    };
  }

  /** PUT/PATCH of the scale subresource: writes spec.replicas back to the object. */
  setReplicas(t: ResourceType, live: KubeObject, scale: KubeObject, opts: WriteOptions): KubeObject {
    const rv = scale.metadata?.resourceVersion;
    if (rv && rv !== live.metadata.resourceVersion) throw errors.conflict(t.plural, t.group, live.metadata.name!);
    const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== 'number' || replicas < 0) {
      throw errors.invalid('Scale', 'autoscaling', live.metadata.name!, `Scale.autoscaling "${live.metadata.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, [{ reason: 'FieldValueInvalid', message: 'must be greater than or equal to 0', field: 'spec.replicas' }]);
    }
    const next = clone(live);
    const path = (t.custom?.scale?.specReplicasPath ?? '.spec.replicas').replace(/^\./, '').split('.');
    let cur = next as Record<string, unknown>;
    for (const seg of path.slice(0, -1)) {
      if (!cur[seg] || typeof cur[seg] !== 'object') cur[seg] = {};
      cur = cur[seg] as Record<string, unknown>;
    }
    cur[path[path.length - 1]] = replicas;
    return this.commitUpdate(t, live, next, opts);
  }

  /**
   * DELETE. Objects with finalizers (or a foreground deletion with dependents) get a
   * deletionTimestamp and stay until their finalizers are gone; the rest are removed at once and
   * their dependents collected by the garbage collector.
   */
  delete(t: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions = {}): KubeObject {
    const live = this.get(t, namespace, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== live.metadata.uid) throw errors.conflict(t.plural, t.group, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${live.metadata.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== live.metadata.resourceVersion) throw errors.conflict(t.plural, t.group, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${live.metadata.resourceVersion}`);
    if (options.dryRun?.includes('All')) return live;
    const policy = options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : 'Background');
    const key = storageKey(t);
    const uid = live.metadata.uid!;
    if (policy === 'Orphan') this.orphanDependents(uid);
    const dependents = this.store.dependentsOf(uid);
    const finalizers = [...(live.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && dependents.length > 0 && !finalizers.includes(FOREGROUND_FINALIZER)) finalizers.push(FOREGROUND_FINALIZER);
    const isNamespace = !t.custom && t.group === '' && t.kind === 'Namespace';
    if (finalizers.length === 0 && !isNamespace) return this.store.remove(key, live.metadata.namespace, name) ?? live;
    if (live.metadata.deletionTimestamp && finalizers.length === (live.metadata.finalizers ?? []).length) return live;
    const next = clone(live);
    next.metadata.deletionTimestamp ??= nowTimestamp();
    next.metadata.deletionGracePeriodSeconds ??= 0;
    if (finalizers.length) next.metadata.finalizers = finalizers;
    if (isNamespace) next.status = { ...((next.status as object | undefined) ?? {}), phase: 'Terminating' };
    return this.store.put(key, next, 'MODIFIED');
  }

  /** Removes one finalizer (server-side finalizers: foregroundDeletion, namespace content) and removes the object when none is left. */
  removeFinalizer(t: ResourceType, o: KubeObject, finalizer: string): void {
    const live = this.find(t, o.metadata.namespace, o.metadata.name!);
    if (!live?.metadata.finalizers?.includes(finalizer)) return;
    const next = clone(live);
    next.metadata.finalizers = live.metadata.finalizers.filter((f) => f !== finalizer);
    this.commitUpdate(t, live, next, {});
  }

  /** Removes an object that is being deleted and has nothing left to wait for. */
  finishDeletion(t: ResourceType, o: KubeObject): void {
    this.store.remove(storageKey(t), o.metadata.namespace, o.metadata.name!);
  }

  /** Status writes by the server's own controllers. */
  writeStatus(t: ResourceType, o: KubeObject, status: unknown): void {
    const live = this.find(t, o.metadata.namespace, o.metadata.name!);
    if (!live || JSON.stringify(live.status) === JSON.stringify(status)) return;
    this.store.put(storageKey(t), { ...live, metadata: { ...live.metadata }, status: clone(status) }, 'MODIFIED');
  }

  private orphanDependents(uid: string): void {
    for (const dep of this.store.dependentsOf(uid)) {
      const o = this.store.get(dep.key, dep.namespace || undefined, dep.name);
      if (!o) continue;
      const refs = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      const { ownerReferences: _refs, ...rest } = o.metadata;
      const next = { ...o, metadata: refs.length ? { ...rest, ownerReferences: refs } : rest };
      this.store.put(dep.key, next, 'MODIFIED');
    }
  }
}
