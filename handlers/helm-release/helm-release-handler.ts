/**
 * Owns the Helm release of each Kryton: `helm upgrade --install` of the embedded chart when the
 * release's inputs change (or on create and resume), nothing at all when they did not, recovery of
 * a release left pending by a killed helm, the last good release kept serving when an upgrade
 * fails, and `helm uninstall` on delete. Status: helmRevision, observedVersion,
 * observedGeneration, releaseInputsHash and the Released and Ready conditions.
 */
import {
  inject,
  OnCreate,
  OnDelete,
  OnResume,
  OnTimer,
  OnUpdate,
  PermanentError,
  TemporaryError,
  Watches,
  type ConditionInput,
  type HandlerContext,
  type InjectionToken,
} from '../../framework/index.js';
import { krytonNames } from '../kryton/names.js';
import { DEPLOYMENTS } from '../kryton/resources.js';
import { HELM_BINARY } from '../kryton/operator-tokens.js';
import { KRYTONS, type Kryton } from '../kryton/types.js';
import { locateBinary } from '../tools/verified-binary.js';
import { HelmCli, HelmCommandError } from './helm-cli.js';
import { READY, RELEASED, summarizeReady } from './release-conditions.js';
import { ReleaseDriver, type Notifier, type ReconcileResult } from './release-driver.js';
import { releaseNameProblem } from './release-name.js';
import { defaultHelmReleaseSettings, type HelmReleaseSettings } from './release-settings.js';

/** Overrides of the release handler's settings (see HelmReleaseSettings). */
export const HELM_RELEASE_SETTINGS: InjectionToken<Partial<HelmReleaseSettings>> = Symbol.for('kryton:HelmReleaseSettings');
/** A ready-made HelmCli (tests count its spawns); otherwise the handler builds one. */
export const HELM_CLI: InjectionToken<HelmCli> = Symbol.for('kryton:HelmCli');
/** Kubeconfig path helm uses (the operator's --kubeconfig); unset: see resolveHelmKubeconfig. */
export const HELM_KUBECONFIG: InjectionToken<string> = Symbol.for('kryton:HelmKubeconfig');

/** How often the drift timer wakes; it does nothing unless driftCheckSeconds is set. */
export const DRIFT_TIMER_SECONDS = 300;
/** First retry of a failed release after this long, doubled per failure up to 5 minutes. */
const BACKOFF_SECONDS = 5;


@Watches(KRYTONS)
export class HelmReleaseHandler {
  readonly helm: HelmCli;
  private readonly settings: HelmReleaseSettings;
  private readonly driver: ReleaseDriver;
  private readonly lastDriftCheck = new Map<string, number>();

  constructor(
    @inject(HELM_RELEASE_SETTINGS, { isOptional: true }) settings?: Partial<HelmReleaseSettings>,
    @inject(HELM_CLI, { isOptional: true }) helm?: HelmCli,
    @inject(HELM_BINARY, { isOptional: true }) helmBinary?: string,
    @inject(HELM_KUBECONFIG, { isOptional: true }) kubeconfigPath?: string,
  ) {
    this.settings = defaultHelmReleaseSettings(settings ?? {});
    this.helm =
      helm ??
      new HelmCli({
        binary: helmBinary ?? locateBinary('helm'),
        ...(kubeconfigPath ? { kubeconfigPath } : {}),
        maxConcurrent: this.settings.maxConcurrentHelm,
        terminateGraceSeconds: this.settings.terminateGraceSeconds,
      });
    this.driver = new ReleaseDriver(this.helm, this.settings);
  }

  @OnCreate({ backoffSeconds: BACKOFF_SECONDS })
  @OnResume()
  @OnUpdate()
  async reconcileRelease(ctx: HandlerContext<Kryton>): Promise<void> {
    await this.bringToDesired(ctx, false);
  }

  @OnDelete({ backoffSeconds: BACKOFF_SECONDS })
  async uninstallRelease(ctx: HandlerContext<Kryton>): Promise<void> {
    const release = krytonNames(ctx.object.metadata.name ?? '').release;
    try {
      await this.driver.uninstall(ctx.object, ctx.signal);
    } catch (error) {
      if (error instanceof HelmCommandError) throw new TemporaryError(`${error.message}; the Kryton is deleted once its release is gone`, { cause: error });
      throw error;
    }
    ctx.logger.info('helm release uninstalled', { release });
    await ctx.event('Normal', 'Uninstalled', `Helm release ${release} uninstalled and its objects deleted`);
  }

  @OnTimer({ intervalSeconds: DRIFT_TIMER_SECONDS })
  async checkDrift(ctx: HandlerContext<Kryton>): Promise<void> {
    const every = this.settings.driftCheckSeconds;
    if (every <= 0) return;
    const key = ctx.object.metadata.uid ?? `${ctx.object.metadata.namespace}/${ctx.object.metadata.name}`;
    const last = this.lastDriftCheck.get(key);
    if (last !== undefined && Date.now() - last < every * 1000) return;
    this.lastDriftCheck.set(key, Date.now());
    const desired = this.driver.desired(ctx.object);
    const state = await this.driver.readState(ctx.client, desired);
    const deployment = await ctx.client.get(DEPLOYMENTS, krytonNames(desired.release).deployment, desired.namespace);
    const recorded = ctx.object.status?.helmRevision;
    if (state.latest?.status === 'deployed' && state.latest.revision === recorded && deployment) return;
    const found = state.latest ? `revision ${state.latest.revision} ${state.latest.status}` : 'no release';
    await ctx.event('Warning', 'ReleaseDrift', `expected revision ${recorded ?? '(none)'} deployed with Deployment ${desired.release}; found ${found}${deployment ? '' : ' and no Deployment'}: upgrading to repair`);
    await this.bringToDesired(ctx, true);
  }

  private async bringToDesired(ctx: HandlerContext<Kryton>, force: boolean): Promise<void> {
    const kryton = ctx.object;
    if (kryton.metadata.deletionTimestamp) return;
    const nameProblem = releaseNameProblem(kryton.metadata.name ?? '');
    if (nameProblem) {
      await this.setReleased(ctx, { type: RELEASED, status: 'False', reason: 'InvalidName', message: nameProblem });
      throw new PermanentError(nameProblem);
    }
    const desired = this.driver.desired(kryton);
    const result = await this.driver.reconcile(ctx.client, desired, notifierOf(ctx), {
      ...(kryton.status?.releaseInputsHash !== undefined ? { storedHash: String(kryton.status.releaseInputsHash) } : {}),
      force,
      signal: ctx.signal,
    });
    await this.report(ctx, result, desired.inputsHash);
  }

  private async report(ctx: HandlerContext<Kryton>, result: ReconcileResult, inputsHash: string): Promise<void> {
    const kryton = ctx.object;
    const release = krytonNames(kryton.metadata.name ?? '').release;
    switch (result.kind) {
      case 'unchanged':
      case 'applied': {
        if (result.kind === 'applied') {
          ctx.logger.info('helm release applied', { release, revision: result.revision });
          await ctx.event('Normal', result.installed ? 'Installed' : 'Upgraded', `Helm release ${release} ${result.installed ? 'installed' : 'upgraded'}: revision ${result.revision}, version ${kryton.spec.version}`);
        }
        await ctx.patchStatus({
          helmRevision: result.revision,
          observedVersion: kryton.spec.version,
          ...(kryton.metadata.generation !== undefined ? { observedGeneration: kryton.metadata.generation } : {}),
          releaseInputsHash: inputsHash,
        });
        await this.setReleased(ctx, { type: RELEASED, status: 'True', reason: 'Deployed', message: `Helm release ${release} revision ${result.revision} is deployed with version ${kryton.spec.version}` });
        return;
      }
      case 'waiting':
        await this.setReleased(ctx, { type: RELEASED, status: 'False', reason: 'ReleasePending', message: result.message });
        throw new TemporaryError(result.message, { delaySeconds: result.retryAfterSeconds });
      case 'failed': {
        if (result.terminated) throw new TemporaryError(`helm was stopped before release ${release} finished (operator shutting down): ${result.message}`);
        const serving = result.rolledBackTo !== undefined ? `; revision ${result.rolledBackTo} was restored and keeps serving` : kryton.status?.helmRevision !== undefined ? `; revision ${kryton.status.helmRevision} keeps serving` : '';
        const message = `${result.message}${serving}`;
        await this.setReleased(ctx, { type: RELEASED, status: 'False', reason: kryton.status?.helmRevision === undefined ? 'InstallFailed' : 'UpgradeFailed', message });
        throw new TemporaryError(`helm could not apply release ${release}: ${message}. Fix spec.values or spec.version; it is retried with backoff`);
      }
    }
  }

  /**
   * Sets Released. A release that is not deployed makes Ready False at once; Ready=True is left to
   * ReadyConditionHandler, which runs after every other concern has handled the same change (this
   * handler runs first, so the other conditions it sees may still describe the previous spec).
   */
  private async setReleased(ctx: HandlerContext<Kryton>, released: ConditionInput): Promise<void> {
    await ctx.setCondition(released);
    const others = (ctx.object.status?.conditions ?? []).filter((c) => c.type !== RELEASED && c.type !== READY);
    const ready = summarizeReady([...others, released]);
    if (ready.status !== 'True') await ctx.setCondition(ready);
  }
}

function notifierOf(ctx: HandlerContext<Kryton>): Notifier {
  return { event: (type, reason, message) => ctx.event(type, reason, message) };
}
