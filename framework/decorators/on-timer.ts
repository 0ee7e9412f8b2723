import type { HandlerOptions } from './handler-spec.js';
import { recordTrigger } from './record-trigger.js';

export interface TimerOptions extends HandlerOptions {
  /** Seconds between the end of one run and the start of the next. */
  intervalSeconds: number;
  /** Seconds after the object is first seen before the first run. Defaults to intervalSeconds. */
  initialDelaySeconds?: number;
}

/**
 * Runs periodically for every existing (not deleting) object, only on the leader. A failed run is
 * retried after its backoff instead of the interval. Timer runs are not persisted.
 */
export function OnTimer(options: TimerOptions) {
  const { intervalSeconds, initialDelaySeconds, ...handlerOptions } = options;
  if (!Number.isFinite(intervalSeconds) || intervalSeconds <= 0) {
    throw new RangeError(`@OnTimer intervalSeconds must be a number > 0, got ${intervalSeconds}`);
  }
  if (initialDelaySeconds !== undefined && (!Number.isFinite(initialDelaySeconds) || initialDelaySeconds < 0)) {
    throw new RangeError(`@OnTimer initialDelaySeconds must be a number >= 0, got ${initialDelaySeconds}`);
  }
  return recordTrigger({ kind: 'timer', intervalSeconds, initialDelaySeconds: initialDelaySeconds ?? intervalSeconds }, handlerOptions);
}
