import type { KubeObject } from '../client/types.js';
import { detectCause, type ChangeCause } from '../causes/detect-cause.js';
import { essenceOf, parseEssence, serializeEssence, type Essence } from '../causes/essence.js';
import { matchesFilters } from '../causes/filters.js';
import { needsFinalizer, selectChangeHandlers } from '../causes/select-handlers.js';
import { errorMessage } from '../errors.js';
import { diffBaseKey } from '../progress/annotation-keys.js';
import { essenceDigest } from '../progress/progress-record.js';
import type { HandlerDefinition } from '../registry/handler-definition.js';
import { StatusWriter } from '../status/status-writer.js';
import type { DispatchDeps } from './dispatch-deps.js';
import type { PendingExtras } from './pending-extras.js';
import { patchAnnotations, progressAnnotations, purgeProgressAnnotations, writeFinalizers } from './persist.js';
import { processChange } from './process-change.js';
import { runAttempt } from './run-attempt.js';

export interface ProcessInput {
  /** The newest known state of the object. */
  object: KubeObject;
  /** True the first time this process handles the object (resume handlers join in). */
  isInitialListing: boolean;
  /** Handlers of the object's resource, in registration order. */
  handlers: readonly HandlerDefinition[];
  /** Owned/timer runs due for this object; updated in place. */
  extras: PendingExtras;
}

export interface ProcessResult {
  cause: ChangeCause;
  /** The object after the cycle's own writes. */
  object: KubeObject;
  /** Process the object again after this many seconds (a retry is due). */
  requeueAfterSeconds?: number;
  /** Timer handlers that completed (reschedule them at their interval). */
  timersCompleted: string[];
}

/**
 * One processing cycle for one object: keep the finalizer right, run the change handlers the cause
 * calls for (with persisted progress), store the diff base once the change is fully handled, then
 * run due owned/timer handlers.
 */
export async function processObject(deps: DispatchDeps, input: ProcessInput): Promise<ProcessResult> {
  const status = new StatusWriter(deps.client, deps.resource, input.object, deps.now);
  await syncFinalizer(deps, status, input.handlers);
  const diffBase = readDiffBase(deps, status.current);
  const cause = detectCause({
    object: status.current,
    diffBase,
    hasDeleteHandlers: needsFinalizer(input.handlers, status.current),
    finalizer: deps.finalizer,
    isInitialListing: input.isInitialListing,
    annotationPrefix: deps.annotationPrefix,
  });
  const handled = status.current;
  const essence = essenceOf(handled, deps.annotationPrefix);
  const selected = selectChangeHandlers({ cause, object: handled, diffBase, isInitialListing: input.isInitialListing, annotationPrefix: deps.annotationPrefix, handlers: input.handlers });
  const change = await processChange(deps, status, selected, essenceDigest(essence), { persistMidChain: cause !== 'resume' });
  if (change.allDone) await finishChange(deps, status, cause, essence, selected.length);
  else status.current = await patchAnnotations(deps, status.current, progressAnnotations(deps.annotationPrefix, change.unsaved));
  const extras = await processExtras(deps, status, input, change.attempted);
  const delays = [change.retryAfterSeconds, extras.retryAfterSeconds].filter((d): d is number => d !== undefined);
  return {
    cause,
    object: status.current,
    ...(delays.length > 0 ? { requeueAfterSeconds: Math.min(...delays) } : {}),
    timersCompleted: extras.timersCompleted,
  };
}

/** Adds the finalizer before anything runs when delete handlers apply; removes it when none do (also during deletion). */
async function syncFinalizer(deps: DispatchDeps, status: StatusWriter, handlers: readonly HandlerDefinition[]): Promise<void> {
  const object = status.current;
  const finalizers = object.metadata.finalizers ?? [];
  const has = finalizers.includes(deps.finalizer);
  const wants = needsFinalizer(handlers, object);
  // A deleting object no delete handler applies to any more (filters changed) must not stay stuck.
  if (!wants && has) status.current = await writeFinalizers(deps, object, finalizers.filter((f) => f !== deps.finalizer));
  if (wants && !has && !object.metadata.deletionTimestamp) status.current = await writeFinalizers(deps, object, [...finalizers, deps.finalizer]);
}

function readDiffBase(deps: DispatchDeps, object: KubeObject): Essence | undefined {
  const key = diffBaseKey(deps.annotationPrefix);
  try {
    return parseEssence(object.metadata.annotations?.[key], key);
  } catch (error) {
    deps.logger.error('ignoring a corrupt diff base: the object is handled as new', { name: object.metadata.name, namespace: object.metadata.namespace, error: errorMessage(error) });
    return undefined;
  }
}

/**
 * After a fully handled change: deletion releases the finalizer; other causes store the essence
 * as the new diff base and purge progress, in one patch. Nothing is stored for an object no
 * handler matched on creation, so it counts as new once a handler starts matching.
 */
async function finishChange(deps: DispatchDeps, status: StatusWriter, cause: ChangeCause, essence: Essence, selectedCount: number): Promise<void> {
  if (cause === 'delete') {
    const finalizers = status.current.metadata.finalizers ?? [];
    status.current = await writeFinalizers(deps, status.current, finalizers.filter((f) => f !== deps.finalizer));
    return;
  }
  const annotations: Record<string, string | null> = purgeProgressAnnotations(deps.annotationPrefix, status.current);
  const stealth = cause === 'create' && selectedCount === 0;
  const base = serializeEssence(essence);
  if (!stealth && (cause === 'create' || cause === 'update') && status.current.metadata.annotations?.[diffBaseKey(deps.annotationPrefix)] !== base) {
    annotations[diffBaseKey(deps.annotationPrefix)] = base;
  }
  status.current = await patchAnnotations(deps, status.current, annotations);
}

/** Runs due owned/timer handlers (not already run by the change this cycle), in registration order. */
async function processExtras(deps: DispatchDeps, status: StatusWriter, input: ProcessInput, attempted: ReadonlySet<string>): Promise<{ retryAfterSeconds?: number; timersCompleted: string[] }> {
  const timersCompleted: string[] = [];
  let retryAfterSeconds: number | undefined;
  if (status.current.metadata.deletionTimestamp) {
    input.extras.clear();
    return { timersCompleted };
  }
  for (const handler of input.handlers) {
    const due = input.extras.get(handler.id);
    if (!due || deps.signal.aborted) continue;
    if (attempted.has(handler.id) || !matchesFilters(handler.options, status.current)) {
      input.extras.delete(handler.id);
      if (due.cause === 'timer') timersCompleted.push(handler.id);
      continue;
    }
    const outcome = await runAttempt(deps, { handler, cause: due.cause, diff: [], old: undefined, new: undefined, failuresBefore: due.failures, status });
    if (outcome.kind === 'retry') {
      due.failures += 1;
      retryAfterSeconds = Math.min(retryAfterSeconds ?? Infinity, outcome.delaySeconds);
      continue;
    }
    input.extras.delete(handler.id);
    if (due.cause === 'timer') timersCompleted.push(handler.id);
  }
  return { ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}), timersCompleted };
}
