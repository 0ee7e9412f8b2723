import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { WorkQueue } from '../../../framework/queue/work-queue.js';

/** A process function whose calls the test finishes by hand. */
function controlledWork() {
  const calls: { key: string; signal: AbortSignal; finish: () => void; fail: (e: Error) => void }[] = [];
  const process = (key: string, signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => calls.push({ key, signal, finish: resolve, fail: reject }));
  return { calls, process };
}

const flush = (): Promise<void> => jest.advanceTimersByTimeAsync(0);

let queue: WorkQueue | undefined;
beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(async () => {
  const closing = queue?.shutDown({ drainTimeoutMs: 0 });
  await jest.advanceTimersByTimeAsync(2_000);
  await closing;
  queue = undefined;
  jest.useRealTimers();
});

describe('WorkQueue', () => {
  it('coalesces adds of a waiting key', async () => {
    const work = controlledWork();
    queue = new WorkQueue({ concurrency: 1, process: work.process });
    queue.add('a');
    queue.add('b');
    queue.add('b');
    queue.add('b');
    expect(queue.depth()).toBe(1);
    expect(queue.activeCount()).toBe(1);
    work.calls[0].finish();
    await flush();
    work.calls[1].finish();
    await flush();
    expect(work.calls.map((c) => c.key)).toEqual(['a', 'b']);
    expect(queue.depth()).toBe(0);
  });

  it('never runs one key twice at once: an add while processing marks it dirty and it runs again after', async () => {
    const work = controlledWork();
    queue = new WorkQueue({ concurrency: 4, process: work.process });
    queue.add('a');
    queue.add('a');
    queue.add('a');
    expect(work.calls).toHaveLength(1);
    expect(queue.activeCount()).toBe(1);
    expect(queue.depth()).toBe(0);
    work.calls[0].finish();
    await flush();
    expect(work.calls.map((c) => c.key)).toEqual(['a', 'a']);
    work.calls[1].finish();
    await flush();
    expect(work.calls).toHaveLength(2);
    expect(queue.activeCount()).toBe(0);
  });

  it('runs different keys in parallel up to the concurrency limit', async () => {
    const work = controlledWork();
    queue = new WorkQueue({ concurrency: 2, process: work.process });
    for (const key of ['a', 'b', 'c', 'd']) queue.add(key);
    expect(work.calls.map((c) => c.key)).toEqual(['a', 'b']);
    expect(queue.activeCount()).toBe(2);
    expect(queue.depth()).toBe(2);
    work.calls[1].finish();
    await flush();
    expect(work.calls.map((c) => c.key)).toEqual(['a', 'b', 'c']);
    expect(queue.activeCount()).toBe(2);
  });

  it('rejects a concurrency below 1', () => {
    expect(() => new WorkQueue({ concurrency: 0, process: async () => undefined })).toThrow(/concurrency/);
  });

  it('addAfter adds the key once the delay has passed, and the earlier of two delays wins', async () => {
    const work = controlledWork();
    queue = new WorkQueue({ concurrency: 1, process: work.process });
    queue.addAfter('a', 1_000);
    queue.addAfter('a', 5_000);
    await jest.advanceTimersByTimeAsync(999);
    expect(work.calls).toHaveLength(0);
    expect(queue.delayedCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(work.calls.map((c) => c.key)).toEqual(['a']);
    work.calls[0].finish();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(work.calls).toHaveLength(1);
  });

  it('addRateLimited doubles the delay per failure up to the cap, and forget resets it', async () => {
    queue = new WorkQueue({ concurrency: 1, process: async () => undefined, backoff: { baseMs: 10, maxMs: 70 } });
    const delays: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      delays.push(queue.nextRetryDelay('a'));
      queue.addRateLimited('a');
    }
    expect(delays).toEqual([10, 20, 40, 70, 70]);
    expect(queue.retries('a')).toBe(5);
    queue.forget('a');
    expect(queue.nextRetryDelay('a')).toBe(10);
    expect(queue.nextRetryDelay('other')).toBe(10);
  });

  it('defaults to controller-runtime backoff: 5 ms doubling, capped at 1000 s', () => {
    queue = new WorkQueue({ concurrency: 1, process: async () => undefined });
    expect(queue.nextRetryDelay('a')).toBe(5);
    for (let i = 0; i < 40; i += 1) queue.addRateLimited('a');
    expect(queue.nextRetryDelay('a')).toBe(1_000_000);
  });

  it('re-queues a key whose processing rejects, after its backoff', async () => {
    const work = controlledWork();
    const errors: string[] = [];
    queue = new WorkQueue({ concurrency: 1, process: work.process, backoff: { baseMs: 100, maxMs: 1_000 }, onError: (key, e) => errors.push(`${key}: ${(e as Error).message}`) });
    queue.add('a');
    work.calls[0].fail(new Error('boom'));
    await flush();
    expect(errors).toEqual(['a: boom']);
    await jest.advanceTimersByTimeAsync(99);
    expect(work.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(work.calls).toHaveLength(2);
    work.calls[1].fail(new Error('boom'));
    await flush();
    await jest.advanceTimersByTimeAsync(199);
    expect(work.calls).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(work.calls).toHaveLength(3);
  });

  it('reports adds, depth, retries, waits, work time and active workers to its metrics hooks', async () => {
    const work = controlledWork();
    const seen = { added: 0, depth: [] as number[], retried: 0, waits: [] as number[], works: [] as number[], active: [] as number[] };
    queue = new WorkQueue({
      concurrency: 1,
      process: work.process,
      metrics: {
        added: () => (seen.added += 1),
        depth: (d) => seen.depth.push(d),
        retried: () => (seen.retried += 1),
        queueWait: (s) => seen.waits.push(s),
        workDone: (s) => seen.works.push(s),
        active: (n) => seen.active.push(n),
      },
    });
    queue.add('a');
    queue.add('b');
    await jest.advanceTimersByTimeAsync(2_000);
    work.calls[0].finish();
    await flush();
    queue.addRateLimited('c');
    expect(seen.added).toBe(2);
    expect(seen.retried).toBe(1);
    expect(seen.waits).toEqual([0, 2]);
    expect(seen.works).toEqual([2]);
    expect(seen.active).toEqual([1, 0, 1]);
    expect(seen.depth.at(-1)).toBe(0);
  });

  it('shutDown drops waiting keys and waits for in-flight work to finish within the bound', async () => {
    const work = controlledWork();
    queue = new WorkQueue({ concurrency: 1, process: work.process });
    queue.add('a');
    queue.add('b');
    queue.addAfter('c', 10);
    let done = false;
    const closing = queue.shutDown({ drainTimeoutMs: 5_000 }).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(done).toBe(false);
    expect(work.calls[0].signal.aborted).toBe(false);
    work.calls[0].finish();
    await flush();
    await closing;
    expect(done).toBe(true);
    expect(work.calls.map((c) => c.key)).toEqual(['a']);
    queue.add('d');
    expect(queue.depth()).toBe(0);
  });

  it('shutDown aborts in-flight work that outlives the drain bound', async () => {
    const aborted: string[] = [];
    queue = new WorkQueue({
      concurrency: 2,
      process: (key, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => {
        aborted.push(key);
        resolve();
      })),
    });
    queue.add('a');
    queue.add('b');
    const closing = queue.shutDown({ drainTimeoutMs: 3_000 });
    await jest.advanceTimersByTimeAsync(2_999);
    expect(aborted).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    await closing;
    expect(aborted.sort()).toEqual(['a', 'b']);
    expect(queue.activeCount()).toBe(0);
  });
});
