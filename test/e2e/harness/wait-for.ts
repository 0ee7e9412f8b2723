/** Bounded polling: the only way the end-to-end suites wait (never a fixed sleep as an assertion). */

export class WaitTimeout extends Error {
  constructor(what: string, timeoutMs: number, last?: string) {
    super(`Timed out after ${timeoutMs} ms waiting for: ${what}${last ? ` (last seen: ${last})` : ''}`);
    this.name = 'WaitTimeout';
  }
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Describes the current state when the wait times out, to say what was seen instead. */
  describe?: () => string | Promise<string>;
}

/** Polls `condition` until it holds; throws WaitTimeout naming `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, options: WaitOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new WaitTimeout(what, timeoutMs, options.describe ? await options.describe() : undefined);
    await delay(options.intervalMs ?? 50);
  }
}

/** Waits for a value to be produced (not undefined). */
export async function waitForValue<T>(what: string, produce: () => T | undefined | Promise<T | undefined>, options: WaitOptions = {}): Promise<T> {
  let value: T | undefined;
  await waitFor(what, async () => (value = await produce()) !== undefined, options);
  return value as T;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
