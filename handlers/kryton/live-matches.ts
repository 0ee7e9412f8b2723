/**
 * Whether a live object already carries every field we render. The API server adds defaulted
 * fields (terminationMessagePath, imagePullPolicy, …) that we never set; comparing only what we
 * render keeps a reconcile from rewriting an object that is already right.
 */
export function liveMatches(desired: unknown, live: unknown): boolean {
  if (Array.isArray(desired)) {
    return Array.isArray(live) && live.length === desired.length && desired.every((item, i) => liveMatches(item, live[i]));
  }
  if (desired !== null && typeof desired === 'object') {
    if (live === null || typeof live !== 'object' || Array.isArray(live)) return false;
    const liveRecord = live as Record<string, unknown>;
    return Object.entries(desired).every(([key, value]) => value === undefined || liveMatches(value, liveRecord[key]));
  }
  return desired === live;
}
