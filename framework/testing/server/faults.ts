/** Fault injection: failing requests, added latency, dropped watches and expired resourceVersions. */
import { ApiStatusError } from './errors.js';

export interface ErrorRule {
  /** Kubernetes verb to hit (get, list, create, …); all verbs when absent. */
  verb?: string;
  /** Resource plural (`configmaps`), `plural.group` (`deployments.apps`) or absent for all. */
  resource?: string;
  code: 409 | 429 | 500;
  /** Probability per matching request, 0..1 (1 = every matching request). */
  rate: number;
  /** Only fail this many requests, then the rule retires. */
  times?: number;
  /** Retry-After seconds for 429 (default 1). */
  retryAfterSeconds?: number;
}

export interface LatencyRule {
  verb?: string;
  resource?: string;
  ms: number;
}

export interface FaultTarget {
  verb: string;
  resource?: string;
  group?: string;
}

function matches(rule: { verb?: string; resource?: string }, target: FaultTarget): boolean {
  if (rule.verb && rule.verb !== target.verb) return false;
  if (!rule.resource) return true;
  const qualified = target.group ? `${target.resource}.${target.group}` : target.resource;
  return rule.resource === target.resource || rule.resource === qualified;
}

export class Faults {
  private errorRules: Array<ErrorRule & { used: number }> = [];
  private latencyRules: LatencyRule[] = [];
  private readonly expireNext = new Set<string>();
  private watchDropper: () => number = () => 0;
  private random: () => number = Math.random;

  /** Makes matching requests fail with a Status error (429 carries Retry-After). */
  failRequests(rule: ErrorRule): void {
    this.errorRules.push({ ...rule, used: 0 });
  }

  addLatency(rule: LatencyRule): void {
    this.latencyRules.push(rule);
  }

  /** The next watch of this resource (plural or plural.group) answers 410 Gone. */
  expireNextWatch(resource: string): void {
    this.expireNext.add(resource);
  }

  /** Ends every open watch stream, as an API server restart or a load balancer would; returns how many. */
  dropWatches(): number {
    return this.watchDropper();
  }

  reset(): void {
    this.errorRules = [];
    this.latencyRules = [];
    this.expireNext.clear();
  }

  /** Uses a seeded source instead of Math.random (deterministic tests of partial rates). */
  setRandom(random: () => number): void {
    this.random = random;
  }

  /** @internal wiring by the server */
  bindWatchDropper(dropper: () => number): void {
    this.watchDropper = dropper;
  }

  /** @internal */
  latencyFor(target: FaultTarget): number {
    return this.latencyRules.filter((r) => matches(r, target)).reduce((sum, r) => sum + r.ms, 0);
  }

  /** @internal the injected failure for this request, if any */
  errorFor(target: FaultTarget): ApiStatusError | undefined {
    for (const rule of this.errorRules) {
      if (!matches(rule, target) || (rule.times !== undefined && rule.used >= rule.times)) continue;
      if (this.random() >= rule.rate) continue;
      rule.used++;
      if (rule.code === 429) {
        const after = rule.retryAfterSeconds ?? 1;
        return new ApiStatusError(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later (injected fault)', { retryAfterSeconds: after }, { 'Retry-After': String(after) });
      }
      if (rule.code === 409) return new ApiStatusError(409, 'Conflict', 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again (injected fault)');
      return new ApiStatusError(500, 'InternalError', 'Internal error occurred: injected fault');
    }
    return undefined;
  }

  /** @internal consumes a pending "expire next watch" for this resource */
  takeExpiredWatch(target: FaultTarget): boolean {
    for (const r of this.expireNext) {
      if (matches({ resource: r }, target)) {
        this.expireNext.delete(r);
        return true;
      }
    }
    return false;
  }
}
