import { runBackgroundStep } from './errors.js';

/**
 * Work a background loop (garbage collector, fake controllers) defers to the next turn of the event
 * loop, so that it runs after the request that caused it has answered; cancelled on server stop.
 */
export class DeferredSteps {
  private readonly pending = new Set<NodeJS.Immediate>();

  constructor(private readonly who: string) {}

  later(step: () => void): void {
    const handle = setImmediate(() => {
      this.pending.delete(handle);
      runBackgroundStep(this.who, step);
    });
    this.pending.add(handle);
  }

  /** Cancels work not yet run. */
  stop(): void {
    for (const handle of this.pending) clearImmediate(handle);
    this.pending.clear();
  }
}
