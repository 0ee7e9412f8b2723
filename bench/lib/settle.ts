/** Bounded polling helpers: benchmarks wait for conditions, never for fixed sleeps. */

export async function pollUntil<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Polls `read` until it returns the same number `quietPolls` times in a row (or the bound passes). */
export async function untilStable(read: () => Promise<number>, timeoutMs: number, intervalMs = 250, quietPolls = 3): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  let same = 0;
  while (same < quietPolls && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const now = await read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}
