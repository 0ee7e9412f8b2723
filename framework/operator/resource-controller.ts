import type { KubeClient, KubeObject, ResourceRef } from '../client/types.js';
import type { DispatchDeps } from '../dispatch/dispatch-deps.js';
import type { PendingExtras } from '../dispatch/pending-extras.js';
import { processObject } from '../dispatch/process-object.js';
import type { Logger } from '../observability/logger.js';
import type { HandlerDefinition } from '../registry/handler-definition.js';
import type { EventReporter } from '../status/events.js';
import { objectKey } from '../watch/object-key.js';
import { Watcher } from '../watch/watcher.js';
import type { OperatorSettings } from './settings.js';
import { TimerScheduler } from './timer-scheduler.js';

export interface ControllerDeps {
  client: KubeClient;
  settings: OperatorSettings;
  reporter: EventReporter;
  logger: Logger;
  now: () => number;
  /** Aborted when the operator stops. */
  signal: AbortSignal;
  /** Puts an object key of this controller on the shared work queue (after a delay, if given). */
  enqueue: (key: string, delayMs?: number) => void;
  /** Whether this replica may run handlers now. */
  isLeading: () => boolean;
}

/**
 * Everything about one watched resource: its informer, the per-object state that lives only in
 * memory (first sight, due owned/timer runs, our own writes not yet seen by the watch) and the
 * processing of one object key.
 */
export class ResourceController {
  readonly watcher: Watcher<KubeObject>;
  /** uid of each object key this process has handled (a recreated object counts as new). */
  private readonly seen = new Map<string, string>();
  private readonly extras = new Map<string, PendingExtras>();
  /** resourceVersion of our last write per key, until the watch delivers it. */
  private readonly unseenWrites = new Map<string, string>();
  private readonly timers: TimerScheduler;

  constructor(
    readonly resource: ResourceRef,
    readonly handlers: readonly HandlerDefinition[],
    private readonly deps: ControllerDeps,
  ) {
    this.watcher = new Watcher({
      client: deps.client,
      resource,
      namespaces: deps.settings.namespaces,
      logger: deps.logger,
      ...(deps.settings.watchSilenceTimeoutSeconds ? { silenceTimeoutMs: deps.settings.watchSilenceTimeoutSeconds * 1000 } : {}),
    });
    this.timers = new TimerScheduler((key, handlerId) => this.markDue(key, handlerId, 'timer'));
    this.watcher.onEvent(({ object }) => {
      const key = objectKey(object);
      if (this.unseenWrites.get(key) === object.metadata.resourceVersion) this.unseenWrites.delete(key);
      if (deps.isLeading()) deps.enqueue(key);
    });
  }

  /** Marks an owned or timer handler as due for an object and queues the object. */
  markDue(key: string, handlerId: string, cause: 'owned' | 'timer'): void {
    const pending = this.extras.get(key) ?? new Map();
    if (!pending.has(handlerId)) pending.set(handlerId, { cause, failures: 0 });
    this.extras.set(key, pending);
    if (this.deps.isLeading()) this.deps.enqueue(key);
  }

  /** Queues every cached object (on gaining leadership, and on resync). */
  enqueueAll(): void {
    for (const object of this.watcher.cached()) this.deps.enqueue(objectKey(object));
  }

  /** Stops timers (leadership lost, or shutdown); they are set up again when objects are processed. */
  pause(): void {
    this.timers.cancelAll();
  }

  /** Processes one object key; resolves to whether a retry was scheduled. */
  async process(key: string, signal: AbortSignal): Promise<boolean> {
    if (!this.deps.isLeading()) return false;
    const object = await this.newest(key);
    if (!object) {
      this.forgetObject(key);
      return false;
    }
    const uid = object.metadata.uid ?? key;
    const pending = this.extras.get(key) ?? new Map();
    this.extras.set(key, pending);
    const result = await processObject(this.dispatchDeps(signal), { object, isInitialListing: this.seen.get(key) !== uid, handlers: this.handlers, extras: pending });
    this.seen.set(key, uid);
    const written = result.object.metadata.resourceVersion;
    // Our write's own watch event may already have arrived while the cycle was still finishing.
    if (written && written !== object.metadata.resourceVersion && this.watcher.get(key)?.metadata.resourceVersion !== written) {
      this.unseenWrites.set(key, written);
    }
    this.scheduleTimers(key, result.object, result.timersCompleted);
    if (result.requeueAfterSeconds === undefined) return false;
    this.deps.enqueue(key, result.requeueAfterSeconds * 1000);
    return true;
  }

  /**
   * The cached object, or a fresh read while our own last write has not come back through the
   * watch yet (the cache would show progress from before it and re-run finished handlers).
   */
  private async newest(key: string): Promise<KubeObject | undefined> {
    const cached = this.watcher.get(key);
    if (!this.unseenWrites.has(key)) return cached;
    const [namespace, name] = key.includes('/') ? key.split('/', 2) : [undefined, key];
    const fresh = await this.deps.client.get(this.resource, name ?? key, namespace);
    // The cache caught up (e.g. a relist jumped past our write's event): cached reads are safe again.
    if (fresh && fresh.metadata.resourceVersion === cached?.metadata.resourceVersion) this.unseenWrites.delete(key);
    return fresh;
  }

  private forgetObject(key: string): void {
    this.timers.cancelObject(key);
    this.seen.delete(key);
    this.extras.delete(key);
    this.unseenWrites.delete(key);
  }

  private scheduleTimers(key: string, object: KubeObject, completed: readonly string[]): void {
    if (object.metadata.deletionTimestamp) {
      this.timers.cancelObject(key);
      return;
    }
    for (const handler of this.handlers) {
      const trigger = handler.triggers.find((t) => t.kind === 'timer');
      if (!trigger || trigger.kind !== 'timer') continue;
      if (this.extras.get(key)?.has(handler.id)) continue;
      const delay = completed.includes(handler.id) ? trigger.intervalSeconds : trigger.initialDelaySeconds;
      this.timers.ensure(key, handler.id, delay);
    }
  }

  private dispatchDeps(signal: AbortSignal): DispatchDeps {
    return {
      client: this.deps.client,
      resource: this.resource,
      annotationPrefix: this.deps.settings.annotationPrefix,
      finalizer: this.deps.settings.finalizer,
      reporter: this.deps.reporter,
      logger: this.deps.logger,
      now: this.deps.now,
      signal: AbortSignal.any([signal, this.deps.signal]),
      ...(this.deps.settings.metrics ? { metrics: this.deps.settings.metrics } : {}),
    };
  }
}
