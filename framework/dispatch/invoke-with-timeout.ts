import { HandlerTimeoutError } from '../errors.js';

/**
 * Runs one attempt of a handler with its own AbortSignal, aborted when `parent` aborts (shutdown)
 * or when `timeoutSeconds` pass. Resolves to what the attempt threw (undefined on success); a
 * timed-out attempt resolves at once to HandlerTimeoutError without waiting for the handler, which
 * should stop on the aborted signal.
 */
export async function invokeWithTimeout(
  run: (signal: AbortSignal) => Promise<void>,
  handlerId: string,
  timeoutSeconds: number | undefined,
  parent: AbortSignal,
): Promise<unknown> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  if (parent.aborted) controller.abort(parent.reason);
  let timer: NodeJS.Timeout | undefined;
  const attempt = run(controller.signal).then(
    () => undefined,
    (error: unknown) => error ?? new Error(`handler ${handlerId} threw ${String(error)}`),
  );
  const timeout = new Promise<HandlerTimeoutError>((resolve) => {
    if (timeoutSeconds === undefined) return;
    timer = setTimeout(() => {
      const error = new HandlerTimeoutError(handlerId, timeoutSeconds);
      controller.abort(error);
      resolve(error);
    }, timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
    parent.removeEventListener('abort', onParentAbort);
  }
}
