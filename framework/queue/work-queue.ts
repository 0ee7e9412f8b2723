import type { QueueMetrics } from './queue-metrics.js';

export interface WorkQueueBackoff {
  /** First retry delay. */
  baseMs: number;
  /** Longest retry delay. */
  maxMs: number;
}

export interface WorkQueueOptions {
  /** Keys processed at once; at least 1. */
  concurrency: number;
  /**
   * Handles one key. It should read the newest state itself (from a cache), since adds made while a
   * key waits are coalesced. A rejection re-queues the key with backoff (reported through onError).
   */
  process: (key: string, signal: AbortSignal) => Promise<void>;
  /**
   * Per-key exponential retry delays. Default: controller-runtime's item limiter, 5 ms doubling
   * per consecutive failure up to 1000 s, so a flapping object backs off to ~16 minutes.
   */
  backoff?: WorkQueueBackoff;
  name?: string;
  metrics?: QueueMetrics;
  /** Told about rejections of `process` (the key is already re-queued). */
  onError?: (key: string, error: unknown) => void;
}

export const DEFAULT_QUEUE_BACKOFF: WorkQueueBackoff = { baseMs: 5, maxMs: 1_000_000 };

/** After drainTimeoutMs the in-flight work is aborted; this long more is given for it to settle. */
const ABORT_GRACE_MS = 1_000;

/**
 * A keyed work queue with controller-runtime's guarantees: a key waits at most once; a key is never
 * processed by two workers at once (an add during processing marks it dirty, and it runs again
 * right after); different keys run in parallel up to `concurrency`; retries back off per key.
 */
export class WorkQueue {
  private readonly ready: string[] = [];
  private readonly waitingSince = new Map<string, number>();
  private readonly inFlight = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private readonly dirty = new Set<string>();
  private readonly delayed = new Map<string, { dueAt: number; timer: NodeJS.Timeout }>();
  private readonly failures = new Map<string, number>();
  private readonly backoff: WorkQueueBackoff;
  private closed = false;

  constructor(private readonly options: WorkQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new Error(`WorkQueue concurrency must be a whole number ≥ 1, got ${options.concurrency}.`);
    }
    this.backoff = options.backoff ?? DEFAULT_QUEUE_BACKOFF;
  }

  get name(): string {
    return this.options.name ?? 'queue';
  }

  add(key: string): void {
    if (this.closed) return;
    this.options.metrics?.added?.();
    if (this.inFlight.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.waitingSince.has(key)) return;
    this.waitingSince.set(key, Date.now());
    this.ready.push(key);
    this.reportDepth();
    this.pump();
  }

  /** Adds the key after `delayMs`; an earlier pending delay for the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.closed) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const dueAt = Date.now() + delayMs;
    const pending = this.delayed.get(key);
    if (pending && pending.dueAt <= dueAt) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, delayMs);
    this.delayed.set(key, { dueAt, timer });
  }

  /** Re-adds the key after its next backoff delay (doubling with every call until forget()). */
  addRateLimited(key: string): void {
    if (this.closed) return;
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    this.options.metrics?.retried?.();
    this.addAfter(key, this.retryDelay(failures));
  }

  /** The delay the next addRateLimited(key) would wait. */
  nextRetryDelay(key: string): number {
    return this.retryDelay(this.failures.get(key) ?? 0);
  }

  /** Consecutive rate-limited re-adds of the key since the last forget(). */
  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Resets the key's backoff (after a success). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Keys waiting for a worker. */
  depth(): number {
    return this.ready.length;
  }

  /** Keys being processed. */
  activeCount(): number {
    return this.inFlight.size;
  }

  /** Keys waiting on a delay (addAfter / addRateLimited). */
  delayedCount(): number {
    return this.delayed.size;
  }

  /**
   * Stops taking work (queued and delayed keys are dropped), waits for in-flight keys up to
   * drainTimeoutMs (default 30 s, controller-runtime's graceful shutdown), then aborts their signals
   * and gives them a short grace to settle.
   */
  async shutDown(options: { drainTimeoutMs: number } = { drainTimeoutMs: 30_000 }): Promise<void> {
    this.closed = true;
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    this.ready.length = 0;
    this.waitingSince.clear();
    this.dirty.clear();
    this.reportDepth();
    const settled = (): Promise<void> => Promise.all([...this.inFlight.values()].map((work) => work.done)).then(() => undefined);
    if (await settlesWithin(settled(), options.drainTimeoutMs)) return;
    for (const work of this.inFlight.values()) work.abort.abort(new Error(`the ${this.name} queue is shutting down`));
    await settlesWithin(settled(), ABORT_GRACE_MS);
  }

  private retryDelay(failures: number): number {
    return Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** Math.min(failures, 40));
  }

  private pump(): void {
    while (!this.closed && this.inFlight.size < this.options.concurrency && this.ready.length > 0) {
      const key = this.ready.shift()!;
      const since = this.waitingSince.get(key) ?? Date.now();
      this.waitingSince.delete(key);
      this.options.metrics?.queueWait?.((Date.now() - since) / 1000);
      this.reportDepth();
      this.run(key);
    }
  }

  private run(key: string): void {
    const abort = new AbortController();
    const started = Date.now();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.inFlight.set(key, { abort, done });
    this.options.metrics?.active?.(this.inFlight.size);
    const work = async (): Promise<void> => {
      try {
        await this.options.process(key, abort.signal);
      } catch (error) {
        this.addRateLimited(key);
        this.options.onError?.(key, error);
      }
    };
    void work().finally(() => {
      this.inFlight.delete(key);
      this.options.metrics?.workDone?.((Date.now() - started) / 1000);
      this.options.metrics?.active?.(this.inFlight.size);
      finish();
      if (this.dirty.delete(key)) this.add(key);
      this.pump();
    });
  }

  private reportDepth(): void {
    this.options.metrics?.depth?.(this.ready.length);
  }
}

async function settlesWithin(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
