/**
 * The helm command lines the operator runs — pure, so the flag policy is visible and tested in one
 * place. Values always travel in a file (never --set), so nothing from a spec shows in a process
 * list. See docs/helm-release.md for why each flag is there.
 */

export interface UpgradeOptions {
  release: string;
  namespace: string;
  chartPath: string;
  valuesFile: string;
  timeoutSeconds: number;
  historyMax: number;
  /** Wait for workloads to be ready before marking the release deployed. */
  wait: boolean;
  /** Let helm roll back (or uninstall a first install) itself on failure; implies wait. */
  atomic: boolean;
  /** Adopt existing objects without helm's ownership annotations (explicit opt-in only). */
  takeOwnership: boolean;
  description?: string;
  /** Release labels helm stores on the revision's Secret (`--labels`); keys and values are ours, never a user's. */
  labels?: Readonly<Record<string, string>>;
}

export interface RollbackOptions {
  release: string;
  namespace: string;
  revision: number;
  timeoutSeconds: number;
  historyMax: number;
  wait: boolean;
}

export interface UninstallOptions {
  release: string;
  namespace: string;
  timeoutSeconds: number;
}

const duration = (seconds: number) => `${Math.max(1, Math.round(seconds))}s`;

export function upgradeArgs(o: UpgradeOptions): string[] {
  return [
    'upgrade', o.release, o.chartPath,
    '--install',
    '--namespace', o.namespace,
    '--values', o.valuesFile,
    // Without it, an upgrade with empty new values silently reuses the previous release's values.
    '--reset-values',
    '--history-max', String(o.historyMax),
    '--timeout', duration(o.timeoutSeconds),
    ...(o.atomic ? ['--atomic'] : []),
    ...(o.wait || o.atomic ? ['--wait'] : []),
    ...(o.takeOwnership ? ['--take-ownership'] : []),
    ...(o.description ? ['--description', o.description] : []),
    ...Object.entries(o.labels ?? {}).flatMap(([key, value]) => ['--labels', `${key}=${value}`]),
    '--output', 'json',
  ];
}

export function rollbackArgs(o: RollbackOptions): string[] {
  return [
    'rollback', o.release, String(o.revision),
    '--namespace', o.namespace,
    '--history-max', String(o.historyMax),
    '--timeout', duration(o.timeoutSeconds),
    ...(o.wait ? ['--wait'] : []),
  ];
}

export function uninstallArgs(o: UninstallOptions): string[] {
  return ['uninstall', o.release, '--namespace', o.namespace, '--wait', '--ignore-not-found', '--timeout', duration(o.timeoutSeconds)];
}

export function statusArgs(release: string, namespace: string): string[] {
  return ['status', release, '--namespace', namespace, '--output', 'json'];
}

export function historyArgs(release: string, namespace: string, max: number): string[] {
  return ['history', release, '--namespace', namespace, '--max', String(max), '--output', 'json'];
}
