/**
 * Keeps the plugin-installer init-container on the server Deployment `<cr-name>` in step with
 * spec.plugins: added or updated when plugins are declared, removed when they are cleared. The
 * Deployment belongs to the Helm release; a change to it (an upgrade, an edit) brings the Kryton
 * back here, and the patch is only sent when the live object differs.
 */
import {
  ApiError,
  inject,
  OnCreate,
  OnFieldChange,
  OnOwnedChange,
  OnResume,
  PermanentError,
  TemporaryError,
  Watches,
  type HandlerContext,
  type KubeObject,
} from '../../framework/index.js';
import { DEFAULT_JOB_IMAGES, JOB_IMAGES, type JobImages } from '../kryton/images.js';
import { krytonNames } from '../kryton/names.js';
import { KRYTONS, type Kryton } from '../kryton/types.js';
import { pluginsDeploymentPatch, pluginsVolumeOf } from './deployment-patch.js';
import { DEPLOYMENTS } from '../kryton/resources.js';
import type { DeploymentShape } from './deployment-shape.js';
import { pluginProblems, renderPluginInstaller, type InitContainer } from './render.js';

export const PLUGINS_CONDITION = 'PluginsReady';
const FIELD_MANAGER = 'kryton-operator';
const WAIT_FOR_DEPLOYMENT_SECONDS = 5;
const WAIT_FOR_VOLUME_SECONDS = 30;

/** The chart's Deployment is named after the release, which is named after the Kryton. */
export function deploymentOwner(child: KubeObject): { namespace?: string; name: string } | undefined {
  const instance = child.metadata.labels?.['app.kubernetes.io/instance'];
  if (!instance || child.metadata.name !== krytonNames(instance).deployment) return undefined;
  return { namespace: child.metadata.namespace, name: instance };
}

@Watches(KRYTONS)
export class PluginsHandler {
  private readonly images: JobImages;

  constructor(@inject(JOB_IMAGES, { isOptional: true }) images?: JobImages) {
    this.images = images ?? DEFAULT_JOB_IMAGES;
  }

  @OnCreate()
  @OnResume()
  @OnFieldChange('spec.plugins')
  @OnOwnedChange(DEPLOYMENTS, { mapToOwner: deploymentOwner })
  async reconcilePlugins(ctx: HandlerContext<Kryton>): Promise<void> {
    const kryton = ctx.object;
    const plugins = kryton.spec.plugins ?? [];
    const problems = pluginProblems(plugins);
    if (problems.length > 0) {
      const message = `spec.plugins is invalid: ${problems.join('; ')}`;
      await ctx.setCondition({ type: PLUGINS_CONDITION, status: 'False', reason: 'InvalidPlugins', message });
      await ctx.event('Warning', 'InvalidPlugins', message);
      throw new PermanentError(message);
    }

    const name = krytonNames(kryton.metadata.name ?? '').deployment;
    const namespace = kryton.metadata.namespace;
    const live = await ctx.client.get<DeploymentShape>(DEPLOYMENTS, name, namespace);
    if (!live) {
      if (plugins.length === 0) return this.ready(ctx, 'NoPlugins', 'no plugins are declared');
      const message = `waiting for Deployment ${name}, which the Helm release creates, to add the plugin-installer init-container`;
      await ctx.setCondition({ type: PLUGINS_CONDITION, status: 'False', reason: 'WaitingForDeployment', message });
      throw new TemporaryError(message, { delaySeconds: WAIT_FOR_DEPLOYMENT_SECONDS });
    }

    let desired: InitContainer | undefined;
    if (plugins.length > 0) {
      const lookup = pluginsVolumeOf(live);
      if (!lookup.found) {
        await ctx.setCondition({ type: PLUGINS_CONDITION, status: 'False', reason: 'NoPluginsVolume', message: lookup.problem });
        throw new TemporaryError(lookup.problem, { delaySeconds: WAIT_FOR_VOLUME_SECONDS });
      }
      desired = renderPluginInstaller(kryton, this.images, lookup.volume);
    }

    const patch = pluginsDeploymentPatch(live, desired);
    if (patch.length > 0) {
      await this.patchDeployment(ctx, name, namespace, patch);
      const what = desired
        ? `plugin-installer init-container on Deployment ${name} set to install ${plugins.map((p) => p.name).join(', ')}`
        : `plugin-installer init-container removed from Deployment ${name}`;
      ctx.logger.info(what);
      await ctx.event('Normal', desired ? 'PluginInstallerApplied' : 'PluginInstallerRemoved', what);
    }
    if (!desired) return this.ready(ctx, 'NoPlugins', 'no plugins are declared');
    return this.ready(ctx, 'InitContainerConfigured', `the plugin-installer init-container installs ${plugins.length} plugin(s) before the server starts`);
  }

  private async patchDeployment(ctx: HandlerContext<Kryton>, name: string, namespace: string | undefined, patch: unknown): Promise<void> {
    try {
      await ctx.client.patch(DEPLOYMENTS, name, namespace, patch, 'json', { fieldManager: FIELD_MANAGER });
    } catch (error) {
      // 422 from a failed `test` op or 409: the init-containers moved under us; read again and retry
      // (with the handler's backoff, so a patch the server keeps refusing does not spin).
      if (error instanceof ApiError && (error.code === 422 || error.code === 409)) {
        throw new TemporaryError(`Deployment ${name} changed while its init-containers were being patched (${error.message}); retrying`, { cause: error });
      }
      throw error;
    }
  }

  private async ready(ctx: HandlerContext<Kryton>, reason: string, message: string): Promise<void> {
    await ctx.setCondition({ type: PLUGINS_CONDITION, status: 'True', reason, message });
  }
}
