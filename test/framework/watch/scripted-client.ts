import type {
  KubeClient,
  KubeObject,
  ListOptions,
  ListResult,
  ResourceRef,
  WatchEvent,
  WatchOptions,
} from '../../../framework/client/types.js';

export interface WatchCall {
  options: WatchOptions;
  emit: (event: WatchEvent) => void;
  signal: AbortSignal;
}

/** What one watch call does: emit events, then resolve (stream closed), reject, or wait for abort. */
export type WatchScript = (call: WatchCall) => Promise<void>;
export type ListScript = (options: ListOptions) => ListResult | Promise<ListResult>;

/** Resolves when the call's signal aborts: a healthy, idle watch. */
export function idle(call: WatchCall): Promise<void> {
  return new Promise((resolve) => {
    if (call.signal.aborted) resolve();
    call.signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * A KubeClient whose list and watch answers are scripted by the test, recording every call. When the
 * scripts run out, lists answer from `objects` and watches idle until aborted.
 */
export class ScriptedClient implements KubeClient {
  readonly lists: ListScript[] = [];
  readonly watches: WatchScript[] = [];
  readonly listCalls: ListOptions[] = [];
  readonly watchCalls: WatchOptions[] = [];
  objects: KubeObject[] = [];
  listResourceVersion = '1';

  async get<T extends KubeObject>(): Promise<T | undefined> {
    throw new Error('not scripted');
  }

  async list<T extends KubeObject>(_resource: ResourceRef, options: ListOptions = {}): Promise<ListResult<T>> {
    this.listCalls.push(options);
    const script = this.lists.shift();
    if (script) return (await script(options)) as ListResult<T>;
    const items = this.objects.filter((o) => !options.namespace || o.metadata.namespace === options.namespace);
    return { items: items as T[], resourceVersion: this.listResourceVersion };
  }

  async create<T extends KubeObject>(): Promise<T> {
    throw new Error('not scripted');
  }

  async replace<T extends KubeObject>(): Promise<T> {
    throw new Error('not scripted');
  }

  async patch<T extends KubeObject>(): Promise<T> {
    throw new Error('not scripted');
  }

  async delete(): Promise<boolean> {
    throw new Error('not scripted');
  }

  async watch<T extends KubeObject>(
    _resource: ResourceRef,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    signal: AbortSignal,
  ): Promise<void> {
    this.watchCalls.push(options);
    const script = this.watches.shift() ?? idle;
    await script({ options, emit: (event) => onEvent(event as WatchEvent<T>), signal });
  }
}

export function obj(name: string, resourceVersion: string, namespace = 'ns1'): KubeObject {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace, resourceVersion } };
}
