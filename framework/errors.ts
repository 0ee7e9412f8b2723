/**
 * The errors a handler raises to tell the framework what to do next. The dispatcher decides on
 * retries from the error's class, never from its message.
 */

/** A failure expected to go away: the handler is retried after `delaySeconds` (default: its backoff). */
export class TemporaryError extends Error {
  readonly delaySeconds?: number;

  constructor(message: string, options: { delaySeconds?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TemporaryError';
    if (options.delaySeconds !== undefined) {
      if (!Number.isFinite(options.delaySeconds) || options.delaySeconds < 0) {
        throw new RangeError(`TemporaryError delaySeconds must be a finite number >= 0, got ${options.delaySeconds}`);
      }
      this.delaySeconds = options.delaySeconds;
    }
  }
}

/**
 * A failure that retrying will not fix (invalid spec, missing permission the user must grant): the
 * handler is not run again until the object changes. Delete handlers are the exception: they keep
 * being retried with backoff, because the finalizer cannot be released until they succeed.
 */
export class PermanentError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PermanentError';
  }
}

/** Raised by the dispatcher when one attempt of a handler outlives its `timeoutSeconds`; retried like a TemporaryError. */
export class HandlerTimeoutError extends TemporaryError {
  constructor(handlerId: string, timeoutSeconds: number) {
    super(`handler ${handlerId} did not finish within ${timeoutSeconds}s (timeoutSeconds); it is retried`);
    this.name = 'HandlerTimeoutError';
  }
}

/** Raised by the dispatcher when a handler has failed more often than its `retries` option allows. */
export class HandlerRetriesExhaustedError extends PermanentError {
  constructor(handlerId: string, retries: number, lastMessage: string) {
    super(`handler ${handlerId} failed ${retries + 1} times (retries: ${retries}); last error: ${lastMessage}`);
    this.name = 'HandlerRetriesExhaustedError';
  }
}

/** Renders any thrown value as a one-line message for Events, conditions and progress records. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
}
