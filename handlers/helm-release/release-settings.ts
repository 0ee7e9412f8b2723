/**
 * How the release handler drives helm. Defaults are chosen for a cluster where pods may take long
 * to start: helm applies the manifests and returns (no --wait), so a slow image pull never turns
 * into a failed release; see docs/helm-release.md.
 */
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

export interface HelmReleaseSettings {
  /** The chart directory installed for every Kryton. */
  chartPath: string;
  /** helm --timeout for each Kubernetes operation (and for --wait when enabled). */
  timeoutSeconds: number;
  /** helm --history-max: revisions kept per release (each one is a Secret). */
  historyMax: number;
  /** helm --wait: the release counts as deployed only once its workloads are ready. */
  wait: boolean;
  /** helm --atomic: helm rolls back a failed upgrade itself (implies wait); otherwise the operator rolls back. */
  atomic: boolean;
  /**
   * A `pending-*` revision older than this is taken as left behind by a killed helm and recovered;
   * younger ones may still belong to a running helm (a previous leader) and are waited for.
   */
  pendingStaleSeconds: number;
  /** How long `helm uninstall --wait` may take on delete. */
  uninstallTimeoutSeconds: number;
  /**
   * Seconds between checks that the release still exists, is deployed at the recorded revision and
   * its Deployment exists (repaired by an upgrade if not); 0 turns the check off. Checked at most
   * every DRIFT_TIMER_SECONDS.
   */
  driftCheckSeconds: number;
  /** Most helm processes at once, across all releases. */
  maxConcurrentHelm: number;
  /** After SIGTERM, how long a helm child gets to exit before SIGKILL. */
  terminateGraceSeconds: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 300;

/** The embedded chart inside the installed package. */
export function embeddedChartPath(): string {
  return join(packageRoot(), 'chart', 'kryton');
}

export function defaultHelmReleaseSettings(overrides: Partial<HelmReleaseSettings> = {}): HelmReleaseSettings {
  const timeoutSeconds = overrides.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const settings: HelmReleaseSettings = {
    chartPath: embeddedChartPath(),
    timeoutSeconds,
    historyMax: 10,
    wait: false,
    atomic: false,
    pendingStaleSeconds: timeoutSeconds,
    uninstallTimeoutSeconds: 120,
    driftCheckSeconds: 0,
    maxConcurrentHelm: 4,
    terminateGraceSeconds: 20,
    ...overrides,
  };
  validateHelmReleaseSettings(settings);
  return settings;
}

/** Rejects settings helm would reject later, naming the setting to fix. */
export function validateHelmReleaseSettings(s: HelmReleaseSettings): void {
  const positive: Array<keyof HelmReleaseSettings> = ['timeoutSeconds', 'uninstallTimeoutSeconds', 'terminateGraceSeconds'];
  for (const key of positive) {
    const value = s[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new RangeError(`helm release setting ${key} must be a number > 0, got ${String(value)}`);
  }
  const nonNegative: Array<keyof HelmReleaseSettings> = ['pendingStaleSeconds', 'driftCheckSeconds'];
  for (const key of nonNegative) {
    const value = s[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`helm release setting ${key} must be a number >= 0, got ${String(value)}`);
  }
  if (!Number.isInteger(s.maxConcurrentHelm) || s.maxConcurrentHelm < 1) {
    throw new RangeError(`helm release setting maxConcurrentHelm must be a whole number >= 1, got ${s.maxConcurrentHelm}`);
  }
  if (!Number.isInteger(s.historyMax) || s.historyMax < 1) {
    throw new RangeError(`helm release setting historyMax must be a whole number >= 1 (0, helm's "unlimited", lets release Secrets pile up), got ${s.historyMax}`);
  }
}
