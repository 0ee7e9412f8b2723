/**
 * The `run` command's flags for the release handler (each with an environment variable, like every
 * `run` flag) and their pure translation into HelmReleaseSettings overrides. Unset flags leave the
 * defaults of defaultHelmReleaseSettings in place.
 */
import { Option, type Command } from 'commander';
import { validateHelmReleaseSettings, defaultHelmReleaseSettings, type HelmReleaseSettings } from './release-settings.js';

/** The flags as commander parsed them (strings), all optional. */
export interface HelmReleaseFlags {
  helmTimeoutSeconds?: string;
  helmHistoryMax?: string;
  helmWait?: boolean;
  helmAtomic?: boolean;
  helmPendingStaleSeconds?: string;
  helmMaxConcurrent?: string;
  helmDriftCheckSeconds?: string;
}

const OPTIONS: ReadonlyArray<[flags: string, description: string, env: string]> = [
  ['--helm-timeout-seconds <n>', 'helm --timeout for each Kubernetes operation (default 300)', 'HELM_TIMEOUT_SECONDS'],
  ['--helm-history-max <n>', 'helm release revisions kept per Kryton (default 10)', 'HELM_HISTORY_MAX'],
  ['--helm-wait', 'count a release as deployed only once its workloads are ready (helm --wait)', 'HELM_WAIT'],
  ['--helm-atomic', 'let helm roll back a failed upgrade itself (helm --atomic, implies --helm-wait)', 'HELM_ATOMIC'],
  ['--helm-pending-stale-seconds <n>', 'recover a release left pending-* once it is this old (default: the helm timeout)', 'HELM_PENDING_STALE_SECONDS'],
  ['--helm-max-concurrent <n>', 'helm processes at once, across all Krytons (default 4)', 'HELM_MAX_CONCURRENT'],
  ['--helm-drift-check-seconds <n>', 'check that each release is still deployed this often (0 = off, the default)', 'HELM_DRIFT_CHECK_SECONDS'],
];

/** Adds the release handler's flags to a command and returns it. */
export function addHelmReleaseOptions(command: Command): Command {
  for (const [flags, description, env] of OPTIONS) command.addOption(new Option(flags, description).env(env));
  return command;
}

function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`${flag} must be a number, got "${text}"`);
  return value;
}

/** Pure: the settings the flags override (empty when none is given); invalid values are refused naming the flag. */
export function helmReleaseSettingsFromFlags(flags: HelmReleaseFlags): Partial<HelmReleaseSettings> {
  const out: Partial<HelmReleaseSettings> = {};
  if (flags.helmTimeoutSeconds !== undefined) out.timeoutSeconds = number('--helm-timeout-seconds', flags.helmTimeoutSeconds);
  if (flags.helmHistoryMax !== undefined) out.historyMax = number('--helm-history-max', flags.helmHistoryMax);
  if (flags.helmWait) out.wait = true;
  if (flags.helmAtomic) out.atomic = true;
  if (flags.helmPendingStaleSeconds !== undefined) out.pendingStaleSeconds = number('--helm-pending-stale-seconds', flags.helmPendingStaleSeconds);
  if (flags.helmMaxConcurrent !== undefined) out.maxConcurrentHelm = number('--helm-max-concurrent', flags.helmMaxConcurrent);
  if (flags.helmDriftCheckSeconds !== undefined) out.driftCheckSeconds = number('--helm-drift-check-seconds', flags.helmDriftCheckSeconds);
  validateHelmReleaseSettings(defaultHelmReleaseSettings(out));
  return out;
}
