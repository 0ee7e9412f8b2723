/**
 * Per object and timer handler, at most one pending timer. Firing hands the (key, handler id) to
 * `onFire`; the caller reschedules once the run completed, so runs never overlap.
 */
export class TimerScheduler {
  private readonly timers = new Map<string, { key: string; timer: NodeJS.Timeout }>();

  constructor(private readonly onFire: (key: string, handlerId: string) => void) {}

  /** Schedules a run in `delaySeconds` unless one is already scheduled. */
  ensure(key: string, handlerId: string, delaySeconds: number): void {
    const id = `${key}\u0000${handlerId}`;
    if (this.timers.has(id)) return;
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.onFire(key, handlerId);
    }, delaySeconds * 1000);
    this.timers.set(id, { key, timer });
  }

  isScheduled(key: string, handlerId: string): boolean {
    return this.timers.has(`${key}\u0000${handlerId}`);
  }

  /** Cancels every timer of one object (it is gone). */
  cancelObject(key: string): void {
    for (const [id, entry] of this.timers) {
      if (entry.key !== key) continue;
      clearTimeout(entry.timer);
      this.timers.delete(id);
    }
  }

  cancelAll(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
