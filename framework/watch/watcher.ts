import { ApiError, type KubeClient, type KubeObject, type ResourceRef, type WatchEvent } from '../client/types.js';
import { silentLogger, type Logger } from '../observability/logger.js';
import { abortableSleep } from './abortable-sleep.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { objectKey } from './object-key.js';
import { relistDiff, type CacheChange } from './relist-diff.js';

export interface WatcherOptions {
  client: KubeClient;
  resource: ResourceRef;
  /** 'all' is one cluster-wide watch; a list is one watch per namespace. */
  namespaces: 'all' | string[];
  labelSelector?: string;
  /** Restart a watch that delivers nothing (bookmarks included) for this long. Default 5 minutes. */
  silenceTimeoutMs?: number;
  /** Server-side watch timeout; default a random 5–10 minutes per watch, as client-go does. */
  timeoutSeconds?: number;
  /** Reconnect backoff after failures. Default 1 s doubling to 30 s, with jitter. */
  backoff?: BackoffPolicy;
  /** Page size of lists. Default 500. */
  pageSize?: number;
  /** Source of jitter in [0, 1); Math.random unless a test needs exact delays. */
  random?: () => number;
  logger?: Logger;
}

export type WatcherEvent<T extends KubeObject> = CacheChange<T>;
export type WatcherListener<T extends KubeObject> = (event: WatcherEvent<T>) => void;

const DEFAULT_SILENCE_MS = 5 * 60_000;
const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000 };

interface Scope {
  /** undefined: all namespaces. */
  namespace?: string;
  resourceVersion: string;
  synced: boolean;
}

/** Raised inside a watch the watcher itself ended because it went silent. */
class SilentWatch extends Error {}

/**
 * An informer: lists (paginated), then watches from the list's resourceVersion with bookmarks,
 * keeps a cache, and tells listeners about every change exactly once. Streams that close are resumed
 * from the last resourceVersion; an expired one (410) relists and emits only the differences;
 * connection failures back off exponentially with jitter; 429 waits for Retry-After.
 */
export class Watcher<T extends KubeObject> {
  private readonly cache = new Map<string, T>();
  private readonly listeners: WatcherListener<T>[] = [];
  private readonly scopes: Scope[];
  private readonly stopping = new AbortController();
  private readonly logger: Logger;
  private readonly backoff: BackoffPolicy;
  private loops: Promise<void>[] = [];
  private started = false;

  constructor(private readonly options: WatcherOptions) {
    this.logger = (options.logger ?? silentLogger()).child({ resource: describeResource(options.resource) });
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    if (options.namespaces !== 'all' && options.namespaces.length === 0) {
      throw new Error('Watcher namespaces is an empty list: pass "all" or at least one namespace.');
    }
    const namespaces = options.namespaces === 'all' || !options.resource.namespaced ? [undefined] : [...new Set(options.namespaces)];
    this.scopes = namespaces.map((namespace) => ({ namespace, resourceVersion: '', synced: false }));
  }

  onEvent(listener: WatcherListener<T>): void {
    this.listeners.push(listener);
  }

  /** Starts every watch; resolves once the initial list of every namespace has been delivered. */
  async start(): Promise<void> {
    if (this.started) throw new Error('Watcher.start() was called twice.');
    this.started = true;
    const synced = this.scopes.map((scope) => {
      let markSynced!: () => void;
      const ready = new Promise<void>((resolve) => (markSynced = resolve));
      this.loops.push(this.run(scope, markSynced));
      return ready;
    });
    // A stop before sync also ends start(), so a shutting-down caller is never left waiting.
    const stopped = new Promise<void>((resolve) => this.stopping.signal.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([Promise.all(synced), stopped]);
  }

  hasSynced(): boolean {
    return this.scopes.every((scope) => scope.synced);
  }

  /** Ends every watch and waits for them to wind down. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.loops);
  }

  cached(): T[] {
    return [...this.cache.values()];
  }

  /** The cached object by key (`namespace/name`, or `name` when cluster-scoped). */
  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(scope: Scope, markSynced: () => void): Promise<void> {
    const log = scope.namespace ? this.logger.child({ watchNamespace: scope.namespace }) : this.logger;
    let failures = 0;
    let needList = true;
    while (!this.stopped) {
      try {
        if (needList) {
          await this.relist(scope);
          needList = false;
          failures = 0;
          if (!scope.synced) {
            scope.synced = true;
            markSynced();
          }
        }
        const delivered = await this.watchOnce(scope, log);
        if (delivered) {
          failures = 0;
        } else {
          // A stream closed without a single event: do not hot-loop on a server that keeps closing.
          await abortableSleep(backoffDelay(failures++, this.backoff, this.options.random), this.stopping.signal);
        }
      } catch (error) {
        if (this.stopped) break;
        if (error instanceof ApiError && error.isGone) {
          log.info('resourceVersion expired (410 Gone): relisting', { resourceVersion: scope.resourceVersion });
          needList = true;
          continue;
        }
        if (error instanceof SilentWatch) {
          log.warn('watch went silent: restarting it', { silenceTimeoutMs: this.silenceMs, resourceVersion: scope.resourceVersion });
          continue;
        }
        const delay = error instanceof ApiError && error.retryAfterSeconds !== undefined
          ? error.retryAfterSeconds * 1000
          : backoffDelay(failures++, this.backoff, this.options.random);
        log.warn(`${needList ? 'list' : 'watch'} failed: retrying`, { error: errorText(error), delayMs: delay });
        await abortableSleep(delay, this.stopping.signal);
      }
    }
  }

  private get silenceMs(): number {
    return this.options.silenceTimeoutMs ?? DEFAULT_SILENCE_MS;
  }

  /** Lists every page, then updates the cache and emits only the differences. */
  private async relist(scope: Scope): Promise<void> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.options.client.list<T>(this.options.resource, {
        namespace: scope.namespace,
        labelSelector: this.options.labelSelector,
        limit: this.options.pageSize ?? 500,
        continue: continueToken,
      });
      items.push(...page.items);
      continueToken = page.continue;
      resourceVersion = page.resourceVersion;
    } while (continueToken && !this.stopped);
    if (this.stopped) return;
    const covered = this.cached().filter((object) => scope.namespace === undefined || object.metadata.namespace === scope.namespace);
    const changes = relistDiff(covered, items);
    scope.resourceVersion = resourceVersion;
    for (const change of changes) this.apply(change);
  }

  /**
   * One watch from the scope's resourceVersion until the stream closes (true when anything at all,
   * bookmarks included, arrived). Throws SilentWatch when nothing arrived for silenceTimeoutMs.
   */
  private async watchOnce(scope: Scope, log: Logger): Promise<boolean> {
    const watchAbort = new AbortController();
    const onStop = (): void => watchAbort.abort();
    this.stopping.signal.addEventListener('abort', onStop, { once: true });
    let silent = false;
    let delivered = false;
    let timer: NodeJS.Timeout | undefined;
    const armSilenceTimer = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        silent = true;
        watchAbort.abort();
      }, this.silenceMs);
    };
    armSilenceTimer();
    try {
      await this.options.client.watch<T>(
        this.options.resource,
        {
          namespace: scope.namespace,
          resourceVersion: scope.resourceVersion,
          labelSelector: this.options.labelSelector,
          allowWatchBookmarks: true,
          timeoutSeconds: this.options.timeoutSeconds ?? 300 + Math.floor(Math.random() * 300),
        },
        (event) => {
          delivered = true;
          armSilenceTimer();
          this.handleWatchEvent(scope, event, log);
        },
        watchAbort.signal,
      );
    } finally {
      clearTimeout(timer);
      this.stopping.signal.removeEventListener('abort', onStop);
    }
    if (silent && !this.stopped) throw new SilentWatch();
    return delivered;
  }

  private handleWatchEvent(scope: Scope, event: WatchEvent<T>, log: Logger): void {
    const resourceVersion = event.object?.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') {
      if (resourceVersion) scope.resourceVersion = resourceVersion;
      return;
    }
    if (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED') {
      log.warn('ignoring a watch event of unknown type', { type: event.type });
      return;
    }
    if (resourceVersion) scope.resourceVersion = resourceVersion;
    if (scope.namespace !== undefined && event.object.metadata.namespace !== scope.namespace) {
      // A namespace watch only owns its namespace's cache entries; anything else is a server fault.
      log.warn('ignoring a watch event from outside the watched namespace', { namespace: event.object.metadata.namespace });
      return;
    }
    const key = objectKey(event.object);
    const known = this.cache.get(key);
    if (event.type !== 'DELETED' && known && known.metadata.resourceVersion === resourceVersion) return; // already seen
    if (event.type === 'DELETED' && !known) {
      log.debug('ignoring DELETED for an object not in the cache (already reported gone)', { key });
      return;
    }
    this.apply({ type: event.type === 'ADDED' && known ? 'MODIFIED' : event.type === 'MODIFIED' && !known ? 'ADDED' : event.type, object: event.object });
  }

  private apply(change: WatcherEvent<T>): void {
    const key = objectKey(change.object);
    if (change.type === 'DELETED') this.cache.delete(key);
    else this.cache.set(key, change.object);
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        // One broken listener must not stop the watch or starve the others; it is reported, not hidden.
        this.logger.error('watch event listener failed', { error: errorText(error), key, type: change.type });
      }
    }
  }
}

function describeResource(resource: ResourceRef): string {
  return resource.group === '' ? `${resource.plural}.${resource.version}` : `${resource.plural}.${resource.version}.${resource.group}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
