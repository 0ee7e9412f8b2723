import type { HandlerOptions } from '../decorators/handler-spec.js';
import { HandlerRetriesExhaustedError, HandlerTimeoutError, PermanentError, TemporaryError, errorMessage } from '../errors.js';

/** The longest wait between retries. */
export const MAX_BACKOFF_SECONDS = 300;
const DEFAULT_BACKOFF_SECONDS = 1;

export type OutcomeReason = 'Succeeded' | 'TemporaryError' | 'Timeout' | 'Error' | 'PermanentError' | 'RetriesExhausted';

export type Outcome =
  | { kind: 'success'; reason: 'Succeeded' }
  /** Try again after `delaySeconds`; `permanent` when a handler that must succeed failed permanently. */
  | { kind: 'retry'; delaySeconds: number; reason: OutcomeReason; message: string; permanent: boolean }
  | { kind: 'failed'; reason: OutcomeReason; message: string };

/** Exponential backoff: `backoffSeconds` (default 1) doubled per earlier failure, capped at 300 s. */
export function backoffSeconds(options: Readonly<HandlerOptions>, failuresBefore: number): number {
  const base = options.backoffSeconds ?? DEFAULT_BACKOFF_SECONDS;
  return Math.min(base * 2 ** Math.min(failuresBefore, 30), MAX_BACKOFF_SECONDS);
}

export interface OutcomeInput {
  /** What the attempt threw; undefined when it succeeded. */
  error: unknown;
  /** Failed attempts before this one. */
  failuresBefore: number;
  options: Readonly<HandlerOptions>;
  handlerId: string;
  /** Delete handlers must eventually succeed (the finalizer waits): permanent failures are retried too. */
  mustSucceed: boolean;
}

/** Pure: turns an attempt's result into what happens next, from the error's class only. */
export function decideOutcome(input: OutcomeInput): Outcome {
  const { error, failuresBefore, options } = input;
  if (error === undefined) return { kind: 'success', reason: 'Succeeded' };
  const message = errorMessage(error);
  const backoff = backoffSeconds(options, failuresBefore);
  let failed: { reason: OutcomeReason; message: string } | undefined;
  if (error instanceof PermanentError) failed = { reason: 'PermanentError', message };
  else if (options.retries !== undefined && failuresBefore + 1 > options.retries) {
    failed = { reason: 'RetriesExhausted', message: new HandlerRetriesExhaustedError(input.handlerId, options.retries, message).message };
  }
  if (failed) {
    return input.mustSucceed ? { kind: 'retry', delaySeconds: backoff, permanent: true, ...failed } : { kind: 'failed', ...failed };
  }
  if (error instanceof HandlerTimeoutError) return { kind: 'retry', delaySeconds: backoff, reason: 'Timeout', message, permanent: false };
  if (error instanceof TemporaryError) {
    return { kind: 'retry', delaySeconds: error.delaySeconds ?? backoff, reason: 'TemporaryError', message, permanent: false };
  }
  return { kind: 'retry', delaySeconds: backoff, reason: 'Error', message, permanent: false };
}
