/** Samples this process's resident set size so a benchmark can report its peak, not only its end. */
export class RssSampler {
  private peakBytes = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakBytes) this.peakBytes = rss;
    return rss;
  }

  get peak(): number {
    this.sample();
    return this.peakBytes;
  }

  resetPeak(): void {
    this.peakBytes = process.memoryUsage.rss();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
