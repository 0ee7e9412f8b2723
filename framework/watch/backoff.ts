export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/**
 * Delay before retry number `attempt` (0-based): exponential from initialMs, capped at maxMs, with up
 * to 20% added jitter so that replicas reconnecting after one outage do not hit the server together.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = policy.initialMs * 2 ** Math.min(attempt, 30);
  const capped = Math.min(policy.maxMs, exponential);
  return Math.min(policy.maxMs, Math.round(capped * (1 + 0.2 * random())));
}
