/**
 * What the release handler does, without the framework: decide from the stored fingerprint and the
 * release's state whether helm must run, unlock a release left pending, upgrade, put the last good
 * revision back after a failed upgrade, and uninstall. The handler class turns its results into
 * status, conditions and retries.
 */
import type { KubeClient } from '../../framework/index.js';
import type { Kryton } from '../kryton/types.js';
import { krytonNames } from '../kryton/names.js';
import { chartIdentity, type ChartIdentity } from './chart-digest.js';
import { HelmCommandError, type HelmCli } from './helm-cli.js';
import { releaseInputsHash } from './inputs-hash.js';
import { buildReleaseValues, type Values } from './release-values.js';
import { readReleaseState } from './release-secrets.js';
import { decideRecovery, INPUTS_HASH_LABEL, inputsHashLabelValue, type ReleaseState } from './release-state.js';
import type { HelmReleaseSettings } from './release-settings.js';

/** Annotation on a Kryton that lets helm adopt existing objects it did not create (--take-ownership). */
export const TAKE_OWNERSHIP_ANNOTATION = 'kryton.azrtydxb.io/helm-take-ownership';

export interface DesiredRelease {
  release: string;
  namespace: string;
  values: Values;
  takeOwnership: boolean;
  /** Fingerprint of chart, values and flags (stored as status.releaseInputsHash). */
  inputsHash: string;
}

export interface Notifier {
  event(type: 'Normal' | 'Warning', reason: string, message: string): Promise<void>;
}

export type ReconcileResult =
  | { kind: 'unchanged'; revision: number }
  | { kind: 'applied'; revision: number; installed: boolean }
  /** A pending revision too young to recover; look again after `retryAfterSeconds`. */
  | { kind: 'waiting'; retryAfterSeconds: number; message: string }
  /** helm failed; `rolledBackTo` is the revision now serving again, if a rollback was done. */
  | { kind: 'failed'; message: string; rolledBackTo?: number; terminated: boolean };

export interface ReconcileOptions {
  /** The fingerprint stored on the object by the last successful run. */
  storedHash?: string;
  /** Run helm even when the fingerprint matches (drift repair). */
  force?: boolean;
  signal?: AbortSignal;
  now?: () => number;
}

export class ReleaseDriver {
  constructor(
    private readonly helm: HelmCli,
    private readonly settings: HelmReleaseSettings,
    private readonly chart: () => ChartIdentity = () => chartIdentity(settings.chartPath),
  ) {}

  /** The flags that change what helm does to the release; part of the fingerprint. */
  private renderFlags(takeOwnership: boolean) {
    const s = this.settings;
    return { resetValues: true, wait: s.wait || s.atomic, atomic: s.atomic, takeOwnership, historyMax: s.historyMax };
  }

  desired(kryton: Kryton): DesiredRelease {
    const name = kryton.metadata.name ?? '';
    const namespace = kryton.metadata.namespace ?? 'default';
    const values = buildReleaseValues(kryton);
    const takeOwnership = kryton.metadata.annotations?.[TAKE_OWNERSHIP_ANNOTATION] === 'true';
    const chart = this.chart();
    const inputsHash = releaseInputsHash({ chartVersion: `${chart.name}-${chart.version}`, chartDigest: chart.digest, values, flags: this.renderFlags(takeOwnership) });
    return { release: krytonNames(name).release, namespace, values, takeOwnership, inputsHash };
  }

  readState(client: KubeClient, desired: Pick<DesiredRelease, 'release' | 'namespace'>): Promise<ReleaseState> {
    return readReleaseState(client, desired.namespace, desired.release);
  }

  /** Brings the release to `desired`: recover if stuck, skip if unchanged, else upgrade --install. */
  async reconcile(client: KubeClient, desired: DesiredRelease, notify: Notifier, options: ReconcileOptions = {}): Promise<ReconcileResult> {
    const now = options.now ?? Date.now;
    let state = await this.readState(client, desired);
    const recovery = decideRecovery(state, Math.floor(now() / 1000), this.settings.pendingStaleSeconds);
    const { release, namespace } = desired;
    switch (recovery.action) {
      case 'wait':
        return {
          kind: 'waiting',
          retryAfterSeconds: recovery.retryAfterSeconds,
          // No countdown in the text: the condition is rewritten only when the message changes.
          message: `release ${release} is ${recovery.stuck.status} at revision ${recovery.stuck.revision}, possibly by a helm still running elsewhere; it is recovered once it has been pending for ${this.settings.pendingStaleSeconds}s (pendingStaleSeconds)`,
        };
      case 'rollback':
        await notify.event('Warning', 'ReleaseRecovering', `release ${release} was left ${recovery.stuck.status} at revision ${recovery.stuck.revision} (its helm was stopped); rolling back to revision ${recovery.toRevision}`);
        await this.helm.rollback({ release, namespace, revision: recovery.toRevision, timeoutSeconds: this.settings.timeoutSeconds, historyMax: this.settings.historyMax, wait: this.settings.wait }, options.signal);
        await notify.event('Normal', 'ReleaseRecovered', `release ${release} rolled back to revision ${recovery.toRevision}; it is no longer ${recovery.stuck.status}`);
        state = await this.readState(client, desired);
        break;
      case 'uninstall':
        await notify.event('Warning', 'ReleaseRecovering', `release ${release} was left ${recovery.stuck.status} at revision ${recovery.stuck.revision} with no good revision to go back to; uninstalling it to install afresh`);
        await this.helm.uninstall({ release, namespace, timeoutSeconds: this.settings.uninstallTimeoutSeconds }, options.signal);
        await notify.event('Normal', 'ReleaseRecovered', `release ${release} removed; installing it afresh`);
        state = await this.readState(client, desired);
        break;
      case 'none':
        break;
    }
    // The hash is recorded twice: in status (written after helm) and as a label on the revision
    // helm stored (written by helm itself), so a lost status write does not repeat a finished run.
    const recorded = options.storedHash === desired.inputsHash || state.latest?.inputsHash === inputsHashLabelValue(desired.inputsHash);
    if (!options.force && recorded && state.latest?.status === 'deployed') {
      return { kind: 'unchanged', revision: state.latest.revision };
    }
    return this.upgrade(client, desired, state, notify, options.signal);
  }

  private async upgrade(client: KubeClient, desired: DesiredRelease, before: ReleaseState, notify: Notifier, signal?: AbortSignal): Promise<ReconcileResult> {
    const { release, namespace } = desired;
    const s = this.settings;
    try {
      const info = await this.helm.upgradeInstall(
        {
          release,
          namespace,
          chartPath: s.chartPath,
          values: desired.values,
          timeoutSeconds: s.timeoutSeconds,
          historyMax: s.historyMax,
          wait: s.wait,
          atomic: s.atomic,
          takeOwnership: desired.takeOwnership,
          labels: { [INPUTS_HASH_LABEL]: inputsHashLabelValue(desired.inputsHash) },
        },
        signal,
      );
      return { kind: 'applied', revision: info.revision, installed: before.latest === undefined };
    } catch (error) {
      if (!(error instanceof HelmCommandError)) throw error;
      if (error.terminated || s.atomic) return { kind: 'failed', message: error.helmMessage, terminated: error.terminated };
      return this.restoreLastGood(client, desired, error, notify, signal);
    }
  }

  /**
   * After a failed upgrade that got as far as storing a `failed` revision (objects may be half
   * applied), roll back to the last good revision so it keeps serving. Failures that stop before
   * touching the cluster (schema, template errors) leave the release as it was: nothing to do.
   */
  private async restoreLastGood(client: KubeClient, desired: DesiredRelease, failure: HelmCommandError, notify: Notifier, signal?: AbortSignal): Promise<ReconcileResult> {
    const { release, namespace } = desired;
    const after = await this.readState(client, desired);
    const good = after.lastGood;
    if (after.latest?.status !== 'failed' || !good || good.revision >= after.latest.revision) {
      return { kind: 'failed', message: failure.helmMessage, terminated: false };
    }
    try {
      await this.helm.rollback({ release, namespace, revision: good.revision, timeoutSeconds: this.settings.timeoutSeconds, historyMax: this.settings.historyMax, wait: this.settings.wait }, signal);
    } catch (rollbackError) {
      const why = rollbackError instanceof HelmCommandError ? rollbackError.helmMessage : String(rollbackError);
      return { kind: 'failed', message: `${failure.helmMessage}; the rollback to revision ${good.revision} failed too: ${why}`, terminated: false };
    }
    await notify.event('Warning', 'ReleaseRolledBack', `upgrade of release ${release} failed; rolled back to revision ${good.revision}, which keeps serving: ${failure.helmMessage}`);
    return { kind: 'failed', message: failure.helmMessage, rolledBackTo: good.revision, terminated: false };
  }

  /** `helm uninstall --wait`, bounded; a release that is already gone is fine. */
  async uninstall(kryton: Kryton, signal?: AbortSignal): Promise<void> {
    const release = krytonNames(kryton.metadata.name ?? '').release;
    await this.helm.uninstall({ release, namespace: kryton.metadata.namespace ?? 'default', timeoutSeconds: this.settings.uninstallTimeoutSeconds }, signal);
  }
}
