import type { SelectedHandler } from '../causes/select-handlers.js';
import { currentRecord, progressState, readProgress, type ProgressRecord } from '../progress/progress-record.js';
import type { StatusWriter } from '../status/status-writer.js';
import type { DispatchDeps } from './dispatch-deps.js';
import type { Outcome } from './outcome.js';
import { patchAnnotations, progressAnnotations } from './persist.js';
import { runAttempt } from './run-attempt.js';

export interface ChangeResult {
  /** Every selected handler succeeded or failed permanently for this essence. */
  allDone: boolean;
  /** Records not yet written (the caller writes them with its final patch). */
  unsaved: Map<string, ProgressRecord>;
  /** Seconds until the earliest pending retry, if any. */
  retryAfterSeconds?: number;
  /** Ids of handlers attempted in this cycle. */
  attempted: Set<string>;
}

/**
 * Runs the selected handlers of one change in order, each only when its persisted progress says it
 * is due. A failing handler does not stop its siblings. For a change (create, update, delete)
 * progress is written after each attempt that still has due handlers after it, so a crash
 * mid-chain never re-runs finished handlers. Resume handlers run again on every start by
 * definition, so their successes are not persisted: a restart of a converged operator writes nothing.
 */
export async function processChange(
  deps: DispatchDeps,
  status: StatusWriter,
  selected: readonly SelectedHandler[],
  digest: string,
  options: { persistMidChain: boolean } = { persistMidChain: true },
): Promise<ChangeResult> {
  const result: ChangeResult = { allDone: true, unsaved: new Map(), attempted: new Set() };
  const now = () => deps.now();
  const recordOf = (id: string) => result.unsaved.get(id) ?? readProgress(status.current.metadata.annotations, deps.annotationPrefix, id);
  const later = (seconds: number) => {
    result.retryAfterSeconds = Math.min(result.retryAfterSeconds ?? Infinity, seconds);
  };
  for (const [index, item] of selected.entries()) {
    const id = item.handler.id;
    const state = progressState(recordOf(id), digest, now());
    if (state === 'done') continue;
    result.allDone = false;
    if (state === 'waiting') {
      later(Math.max(0, (Date.parse(recordOf(id)?.delayedUntil ?? '') - now()) / 1000));
      continue;
    }
    if (deps.signal.aborted) continue;
    const record = currentRecord(recordOf(id), digest, now());
    result.attempted.add(id);
    const outcome = await runAttempt(deps, { ...item, failuresBefore: record.retries, status });
    const next = nextRecord(record, outcome, now());
    result.unsaved.set(id, next);
    if (outcome.kind === 'retry') later(outcome.delaySeconds);
    const moreDue = selected.slice(index + 1).some((s) => progressState(recordOf(s.handler.id), digest, now()) === 'ready');
    if (moreDue && (options.persistMidChain || outcome.kind !== 'success')) {
      status.current = await patchAnnotations(deps, status.current, progressAnnotations(deps.annotationPrefix, result.unsaved));
      result.unsaved.clear();
    }
  }
  result.allDone = selected.every((s) => progressState(recordOf(s.handler.id), digest, now()) === 'done');
  return result;
}

/** Pure: the progress record after an attempt. */
export function nextRecord(record: ProgressRecord, outcome: Outcome, now: number): ProgressRecord {
  const { delayedUntil: _d, message: _m, ...base } = record;
  switch (outcome.kind) {
    case 'success':
      return { ...base, success: true };
    case 'failed':
      return { ...base, retries: record.retries + 1, failure: true, message: outcome.message };
    case 'retry':
      return { ...base, retries: record.retries + 1, delayedUntil: new Date(now + outcome.delaySeconds * 1000).toISOString(), message: outcome.message };
  }
}
