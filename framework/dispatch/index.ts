/** Dispatch: runs handlers for one object per cycle, with persisted progress, retries and timeouts. */
export type { HandlerContext } from './handler-context.js';
export type { DispatchDeps } from './dispatch-deps.js';
export type { PendingExtras } from './pending-extras.js';
export { backoffSeconds, decideOutcome, MAX_BACKOFF_SECONDS, type Outcome, type OutcomeInput, type OutcomeReason } from './outcome.js';
export { invokeWithTimeout } from './invoke-with-timeout.js';
export { nextRecord, processChange, type ChangeResult } from './process-change.js';
export { processObject, type ProcessInput, type ProcessResult } from './process-object.js';
