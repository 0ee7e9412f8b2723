/**
 * The shapes every part of the framework speaks: Kubernetes objects, resource descriptors, and the
 * one client adapter interface. Only framework/client/ implements KubeClient on top of
 * @kubernetes/client-node; everything else (and every test double) depends on this interface.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** Names one API resource: what a watch, a list or a write is about. */
export interface ResourceRef {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Lower-case plural, as in the URL: 'deployments'. */
  plural: string;
  kind: string;
  namespaced: boolean;
}

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface ListResult<T extends KubeObject = KubeObject> {
  items: T[];
  resourceVersion: string;
  continue?: string;
}

export interface WatchOptions {
  namespace?: string;
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
}

export interface PatchOptions extends WriteOptions {
  /** Server-side apply only: take ownership of conflicting fields. */
  force?: boolean;
  subresource?: 'status' | 'scale';
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  dryRun?: boolean;
}

/** A Kubernetes `Status` failure, as the client adapter raises it. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    /** From a 429/503 `Retry-After` header, when present. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNotFound(): boolean {
    return this.code === 404;
  }

  get isConflict(): boolean {
    return this.code === 409 && this.reason === 'Conflict';
  }

  get isGone(): boolean {
    return this.code === 410;
  }
}

/**
 * The one door to the API server. `get` returns undefined for 404; `delete` returns false when the
 * object was already gone. Everything else raises ApiError for non-2xx answers.
 */
export interface KubeClient {
  get<T extends KubeObject = KubeObject>(resource: ResourceRef, name: string, namespace?: string): Promise<T | undefined>;
  list<T extends KubeObject = KubeObject>(resource: ResourceRef, options?: ListOptions): Promise<ListResult<T>>;
  create<T extends KubeObject = KubeObject>(resource: ResourceRef, object: T, options?: WriteOptions): Promise<T>;
  replace<T extends KubeObject = KubeObject>(resource: ResourceRef, object: T, options?: WriteOptions): Promise<T>;
  patch<T extends KubeObject = KubeObject>(
    resource: ResourceRef,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    type: PatchType,
    options?: PatchOptions,
  ): Promise<T>;
  delete(resource: ResourceRef, name: string, namespace?: string, options?: DeleteOptions): Promise<boolean>;
  /**
   * Streams watch events until the server closes the stream (resolves) or it fails (rejects;
   * an expired resourceVersion rejects with ApiError code 410). Aborting the signal ends it.
   */
  watch<T extends KubeObject = KubeObject>(
    resource: ResourceRef,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    signal: AbortSignal,
  ): Promise<void>;
}
