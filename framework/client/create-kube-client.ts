import { apiErrorFromResponse, apiErrorFromStatusObject } from './api-errors.js';
import { resolveConnection, type ConnectionSource } from './kubeconfig.js';
import { HttpTransport, type TransportRequest, type TransportResponse } from './http-transport.js';
import { apiVersionOf, queryString, resourcePath } from './resource-path.js';
import type {
  DeleteOptions,
  KubeClient,
  KubeObject,
  ListOptions,
  ListResult,
  PatchOptions,
  PatchType,
  ResourceRef,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from './types.js';

export interface KubeClientOptions extends ConnectionSource {
  userAgent?: string;
  /** Most sockets open at once for request/response calls (watches use one socket each on top). Default 32. */
  maxSockets?: number;
  /** Upper bound for one non-watch request. Default 60 s. */
  requestTimeoutMs?: number;
  /** The field manager for server-side apply when a call names none. Defaults to the user agent's product. */
  fieldManager?: string;
}

export interface ClosableKubeClient extends KubeClient {
  /** The kubeconfig context's (or in-cluster service account's) namespace, if any. */
  defaultNamespace(): Promise<string | undefined>;
  /** Open sockets of the request pool and of the watch pool, for diagnostics and tests. */
  socketCounts(): Promise<{ requests: number; watches: number }>;
  close(): Promise<void>;
}

export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

const DEFAULT_USER_AGENT = 'operator-framework/0.1';

interface ListBody {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
}

/**
 * The KubeClient on a kubeconfig: typed CRUD, patches of every kind, status subresource and watch,
 * over one pair of reused keep-alive agents. Everything non-2xx raises ApiError.
 */
export function createKubeClient(options: KubeClientOptions = {}): ClosableKubeClient {
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const connection = resolveConnection(options);
  connection.catch(() => undefined); // reported by the first request
  const transport = new HttpTransport(connection, {
    userAgent,
    maxSockets: options.maxSockets ?? 32,
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
  });
  const defaultFieldManager = options.fieldManager ?? userAgent.split('/')[0];

  async function call(request: TransportRequest): Promise<TransportResponse> {
    const response = await transport.request(request);
    if (response.status < 200 || response.status >= 300) {
      throw apiErrorFromResponse(`${request.method} ${request.path}`, response.status, response.body, response.headers['retry-after']);
    }
    return response;
  }

  async function callJson<T>(request: TransportRequest): Promise<T> {
    const response = await call(request);
    return JSON.parse(response.body) as T;
  }

  function namespaceOf(resource: ResourceRef, object: KubeObject): string | undefined {
    return resource.namespaced ? object.metadata.namespace : undefined;
  }

  function writeQuery(write: WriteOptions | undefined, extra: Record<string, string | boolean | undefined> = {}): string {
    return queryString({ dryRun: write?.dryRun ? 'All' : undefined, fieldManager: write?.fieldManager, ...extra });
  }

  return {
    async get<T extends KubeObject>(resource: ResourceRef, name: string, namespace?: string): Promise<T | undefined> {
      const request: TransportRequest = { method: 'GET', path: resourcePath(resource, namespace, name) };
      const response = await transport.request(request);
      if (response.status === 404) return undefined;
      if (response.status < 200 || response.status >= 300) {
        throw apiErrorFromResponse(`GET ${request.path}`, response.status, response.body, response.headers['retry-after']);
      }
      return JSON.parse(response.body) as T;
    },

    async list<T extends KubeObject>(resource: ResourceRef, list: ListOptions = {}): Promise<ListResult<T>> {
      const path = resourcePath(resource, list.namespace) + queryString({
        labelSelector: list.labelSelector,
        fieldSelector: list.fieldSelector,
        limit: list.limit,
        continue: list.continue,
        resourceVersion: list.resourceVersion,
      });
      const body = await callJson<ListBody>({ method: 'GET', path });
      // List items come without apiVersion/kind; fill them in so every object is self-describing.
      const apiVersion = apiVersionOf(resource);
      const items = (body.items ?? []).map((item) => ({ ...item, apiVersion, kind: resource.kind }) as T);
      return { items, resourceVersion: body.metadata?.resourceVersion ?? '', continue: body.metadata?.continue || undefined };
    },

    async create<T extends KubeObject>(resource: ResourceRef, object: T, write?: WriteOptions): Promise<T> {
      const path = resourcePath(resource, namespaceOf(resource, object)) + writeQuery(write);
      return callJson<T>({ method: 'POST', path, body: JSON.stringify(object) });
    },

    async replace<T extends KubeObject>(resource: ResourceRef, object: T, write?: WriteOptions): Promise<T> {
      const name = object.metadata.name;
      if (!name) throw new Error(`replace needs metadata.name on the ${resource.kind} to write.`);
      const path = resourcePath(resource, namespaceOf(resource, object), name) + writeQuery(write);
      return callJson<T>({ method: 'PUT', path, body: JSON.stringify(object) });
    },

    async patch<T extends KubeObject>(
      resource: ResourceRef,
      name: string,
      namespace: string | undefined,
      patch: unknown,
      type: PatchType,
      patchOptions: PatchOptions = {},
    ): Promise<T> {
      const apply = type === 'apply';
      const fieldManager = patchOptions.fieldManager ?? (apply ? defaultFieldManager : undefined);
      const query = writeQuery({ ...patchOptions, fieldManager }, { force: apply && patchOptions.force ? 'true' : undefined });
      const path = resourcePath(resource, namespace, name, patchOptions.subresource) + query;
      // JSON is YAML, so server-side apply takes the same serialisation.
      return callJson<T>({ method: 'PATCH', path, body: JSON.stringify(patch), contentType: PATCH_CONTENT_TYPES[type] });
    },

    async delete(resource: ResourceRef, name: string, namespace?: string, del: DeleteOptions = {}): Promise<boolean> {
      const path = resourcePath(resource, namespace, name) + queryString({ dryRun: del.dryRun ? 'All' : undefined });
      const body = JSON.stringify({
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        propagationPolicy: del.propagationPolicy,
        gracePeriodSeconds: del.gracePeriodSeconds,
      });
      const response = await transport.request({ method: 'DELETE', path, body });
      if (response.status === 404) return false;
      if (response.status < 200 || response.status >= 300) {
        throw apiErrorFromResponse(`DELETE ${path}`, response.status, response.body, response.headers['retry-after']);
      }
      return true;
    },

    async watch<T extends KubeObject>(
      resource: ResourceRef,
      watch: WatchOptions,
      onEvent: (event: WatchEvent<T>) => void,
      signal: AbortSignal,
    ): Promise<void> {
      if (signal.aborted) return;
      const path = resourcePath(resource, watch.namespace) + queryString({
        watch: 'true',
        resourceVersion: watch.resourceVersion,
        labelSelector: watch.labelSelector,
        fieldSelector: watch.fieldSelector,
        allowWatchBookmarks: watch.allowWatchBookmarks ? 'true' : undefined,
        timeoutSeconds: watch.timeoutSeconds,
      });
      const request = `GET ${path}`;
      let response: TransportResponse;
      try {
        response = await transport.stream({ method: 'GET', path, signal }, (line) => {
          const event = JSON.parse(line) as WatchEvent<T>;
          if (event.type === 'ERROR') throw apiErrorFromStatusObject(request, event.object);
          onEvent(event);
        });
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
      if (response.status < 200 || response.status >= 300) {
        throw apiErrorFromResponse(request, response.status, response.body, response.headers['retry-after']);
      }
    },

    async defaultNamespace(): Promise<string | undefined> {
      return (await connection).namespace;
    },

    async socketCounts(): Promise<{ requests: number; watches: number }> {
      const { requests, watches } = await transport.agents();
      const count = (sockets: NodeJS.ReadOnlyDict<unknown[]>): number =>
        Object.values(sockets).reduce((sum, list) => sum + (list?.length ?? 0), 0);
      return {
        requests: count(requests.sockets) + count(requests.freeSockets),
        watches: count(watches.sockets) + count(watches.freeSockets),
      };
    },

    close: () => transport.close(),
  };
}
