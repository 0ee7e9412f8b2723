import { errorMessage } from '../errors.js';
import { LeaseElector } from '../leader/lease-elector.js';
import { WorkQueue } from '../queue/work-queue.js';
import { abortableSleep } from '../watch/abortable-sleep.js';
import { discoverHandlers } from '../registry/discover-handlers.js';
import { resourceKey, type HandlerDefinition } from '../registry/handler-definition.js';
import { KUBE_CLIENT, type Operator, type OperatorOptions } from './operator-options.js';
import { createOwnedWatches } from './owned-watches.js';
import { ResourceController } from './resource-controller.js';
import { validateSettings } from './settings.js';

const KEY_SEPARATOR = '|';

/**
 * Builds an operator: handlers discovered from the container, one informer per watched and per
 * owned resource, one work queue (one object at a time, `concurrency` objects in parallel), and
 * optional Lease-based leader election (only the leader runs handlers; every replica keeps its
 * watches synced, so a new leader starts at once).
 */
export function createOperator(options: OperatorOptions): Operator {
  const { settings, client } = options;
  validateSettings(settings);
  const container = options.container.createChildContainer();
  container.registerInstance(KUBE_CLIENT, client);
  const handlers = discoverHandlers(container, options.handlers);
  const logger = settings.logger;
  const stopping = new AbortController();
  let leading = false;
  const queue: WorkQueue = new WorkQueue({
    concurrency: settings.concurrency,
    name: 'objects',
    ...(settings.metrics ? { metrics: settings.metrics.queueMetrics('objects', 'operator') } : {}),
    process: (key, signal) => processKey(key, signal),
    onError: (key, error) => logger.error('processing failed; retrying with backoff', { key, error: errorMessage(error) }),
  });
  // Reconciles are labelled by resource plural; all of them share the one queue's worker limit.
  for (const group of groupByResource(handlers)) settings.metrics?.setMaxConcurrentReconciles(group[0]!.resource.plural, settings.concurrency);
  const controllers = groupByResource(handlers).map(
    (group, index) =>
      new ResourceController(group[0]!.resource, group, {
        client,
        settings,
        reporter: { component: settings.reportingComponent ?? settings.annotationPrefix, instance: settings.leaderElection ? settings.leaderElection.identity : 'operator' },
        logger,
        now: options.now ?? Date.now,
        signal: stopping.signal,
        enqueue: (key, delayMs) => (delayMs ? queue.addAfter(`${index}${KEY_SEPARATOR}${key}`, delayMs) : queue.add(`${index}${KEY_SEPARATOR}${key}`)),
        isLeading: () => leading,
      }),
  );
  const owned = createOwnedWatches(client, controllers, settings.namespaces, logger);
  const watchers = [...controllers.map((c) => c.watcher), ...owned];
  const election = settings.leaderElection;
  const elector = election
    ? new LeaseElector({
        client,
        logger,
        namespace: election.namespace,
        name: election.name,
        identity: election.identity,
        ...(election.leaseDurationSeconds ? { leaseDurationMs: election.leaseDurationSeconds * 1000 } : {}),
        ...(election.renewDeadlineSeconds ? { renewDeadlineMs: election.renewDeadlineSeconds * 1000 } : {}),
        ...(election.retryPeriodSeconds ? { retryPeriodMs: election.retryPeriodSeconds * 1000 } : {}),
      })
    : undefined;
  let resync: NodeJS.Timeout | undefined;
  let electing: Promise<void> | undefined;

  async function processKey(queued: string, signal: AbortSignal): Promise<void> {
    const at = queued.indexOf(KEY_SEPARATOR);
    const controller = controllers[Number(queued.slice(0, at))]!;
    const name = controller.resource.plural;
    const startedAt = performance.now();
    try {
      const requeued = await controller.process(queued.slice(at + 1), signal);
      settings.metrics?.recordReconcile(name, requeued ? 'requeue_after' : 'success', (performance.now() - startedAt) / 1000);
    } catch (error) {
      settings.metrics?.recordReconcile(name, 'error', (performance.now() - startedAt) / 1000);
      throw error;
    }
    queue.forget(queued);
  }

  /** Runs for leadership until stop(); after losing it, this replica stands for election again. */
  async function campaign(candidate: LeaseElector): Promise<void> {
    while (!stopping.signal.aborted) {
      try {
        await candidate.run(stopping.signal, { onStartedLeading: startLeading, onStoppedLeading: stopLeading });
      } catch (error) {
        logger.error('leader election failed; standing again', { error: errorMessage(error) });
        stopLeading();
        await abortableSleep(1_000, stopping.signal);
      }
    }
  }

  function startLeading(): void {
    leading = true;
    if (election) settings.metrics?.setLeader(election.name, true);
    logger.info('leading: handlers run on this replica');
    for (const controller of controllers) controller.enqueueAll();
    if (settings.resyncSeconds) resync = setInterval(() => controllers.forEach((c) => c.enqueueAll()), settings.resyncSeconds * 1000);
  }

  function stopLeading(): void {
    if (!leading) return;
    leading = false;
    if (election) settings.metrics?.setLeader(election.name, false);
    clearInterval(resync);
    for (const controller of controllers) controller.pause();
    logger.warn('not leading any more: handlers stop on this replica');
  }

  return {
    container,
    async start() {
      await Promise.all(watchers.map((w) => w.start()));
      if (!elector) return startLeading();
      electing = campaign(elector);
    },
    ready: () => watchers.every((w) => w.hasSynced()),
    isLeader: () => leading,
    async stop(stopOptions = {}) {
      stopLeading();
      await queue.shutDown({ drainTimeoutMs: (settings.drainTimeoutSeconds ?? 30) * 1000 });
      stopping.abort();
      await Promise.all(watchers.map((w) => w.stop()));
      await electing;
      if (stopOptions.releaseLease ?? true) await elector?.release();
    },
  };
}

/** Handlers grouped by watched resource, each group in registration order. */
function groupByResource(handlers: readonly HandlerDefinition[]): HandlerDefinition[][] {
  const groups = new Map<string, HandlerDefinition[]>();
  for (const handler of handlers) {
    const key = resourceKey(handler.resource);
    groups.set(key, [...(groups.get(key) ?? []), handler]);
  }
  return [...groups.values()];
}
