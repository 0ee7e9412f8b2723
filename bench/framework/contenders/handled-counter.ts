/**
 * What every contender reports: how many distinct objects its no-op handler has seen, when the
 * first and the last arrived (wall clock, comparable with the driver's), and its peak RSS.
 */
import { wallNow } from '../../lib/http-client.js';
import { RssSampler } from '../../lib/rss-sampler.js';
import { serveRpc } from '../../lib/rpc.js';

export interface ContenderReport {
  handled: number;
  events: number;
  firstAt: number | null;
  lastAt: number | null;
  rssBytes: number;
  peakRssBytes: number;
}

export class HandledCounter {
  private readonly seen = new Set<string>();
  private events = 0;
  private firstAt: number | null = null;
  private lastAt: number | null = null;
  readonly rss = new RssSampler(25);

  /** Called from the contender's handler for every event it receives. */
  hit(name: string | undefined): void {
    this.events++;
    if (name === undefined || this.seen.has(name)) return;
    const now = wallNow();
    this.firstAt ??= now;
    this.seen.add(name);
    this.lastAt = now;
  }

  report(): ContenderReport {
    return { handled: this.seen.size, events: this.events, firstAt: this.firstAt, lastAt: this.lastAt, rssBytes: process.memoryUsage.rss(), peakRssBytes: this.rss.peak };
  }

  async waitFor(expected: number, timeoutMs: number): Promise<ContenderReport> {
    const deadline = Date.now() + timeoutMs;
    while (this.seen.size < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return this.report();
  }
}

/** The RPC surface every contender process serves: start (resolves once watching), waitFor, stop. */
export function serveContender(counter: HandledCounter, start: (kubeconfigPath: string) => Promise<void>, stop: () => Promise<void> | void): void {
  serveRpc({
    async start(kubeconfigPath: string) {
      await start(kubeconfigPath);
      counter.rss.resetPeak();
    },
    waitFor: (expected: number, timeoutMs: number) => counter.waitFor(expected, timeoutMs),
    async stop() {
      await stop();
      counter.rss.stop();
    },
  });
}
