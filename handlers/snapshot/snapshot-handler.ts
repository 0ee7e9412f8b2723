/**
 * Keeps the VolumeSnapshot schedule of a Kryton in step with spec.snapshot: the CronJob
 * `<cr-name>-snapshot` and the ServiceAccount, Role and RoleBinding it runs under, all owned by the
 * Kryton (so deleting it garbage-collects them); removed when spec.snapshot is cleared. An edit or
 * deletion of any of them brings the Kryton back here and the drift is repaired.
 */
import {
  inject,
  OnCreate,
  OnFieldChange,
  OnOwnedChange,
  OnResume,
  PermanentError,
  Watches,
  type HandlerContext,
} from '../../framework/index.js';
import { cronScheduleProblem } from '../kryton/cron.js';
import { RetentionError } from '../kryton/duration.js';
import { DEFAULT_JOB_IMAGES, JOB_IMAGES, type JobImages } from '../kryton/images.js';
import { KRYTONS, type Kryton } from '../kryton/types.js';
import { deleteIfOwned, ensureOwned, ForeignOwnerError, type OwnedObject } from '../kryton/owned-objects.js';
import { CRONJOBS, ROLE_BINDINGS, ROLES, SERVICE_ACCOUNTS } from '../kryton/resources.js';
import { renderSnapshot, snapshotObjectRefs } from './render.js';

export const SNAPSHOT_CONDITION = 'SnapshotReady';

@Watches(KRYTONS)
export class SnapshotHandler {
  private readonly images: JobImages;

  constructor(@inject(JOB_IMAGES, { isOptional: true }) images?: JobImages) {
    this.images = images ?? DEFAULT_JOB_IMAGES;
  }

  @OnCreate()
  @OnResume()
  @OnFieldChange('spec.snapshot')
  @OnOwnedChange(CRONJOBS)
  @OnOwnedChange(SERVICE_ACCOUNTS)
  @OnOwnedChange(ROLES)
  @OnOwnedChange(ROLE_BINDINGS)
  async reconcileSnapshot(ctx: HandlerContext<Kryton>): Promise<void> {
    const kryton = ctx.object;
    const objects = await this.render(ctx);
    if (!objects) return this.removeAll(ctx);

    const changed: string[] = [];
    for (const owned of objects) {
      const outcome = await this.ensure(ctx, owned);
      if (outcome !== 'unchanged') changed.push(`${owned.object.kind} ${owned.object.metadata.name} ${outcome}`);
    }
    if (changed.length > 0) {
      const message = changed.join(', ');
      ctx.logger.info(message);
      await ctx.event('Normal', 'SnapshotScheduleApplied', message);
    }
    const snapshot = kryton.spec.snapshot!;
    const retention = snapshot.retention ? `, keeping ${snapshot.retention}` : ', keeping every snapshot';
    await ctx.setCondition({
      type: SNAPSHOT_CONDITION,
      status: 'True',
      reason: 'Scheduled',
      message: `CronJob ${objects[objects.length - 1].object.metadata.name} snapshots PVC ${kryton.metadata.name ?? ''} on "${snapshot.schedule}" (UTC)${retention}`,
    });
  }

  private async render(ctx: HandlerContext<Kryton>): Promise<OwnedObject[] | undefined> {
    const schedule = ctx.object.spec.snapshot?.schedule;
    const scheduleProblem = schedule === undefined ? undefined : cronScheduleProblem('spec.snapshot.schedule', schedule);
    if (scheduleProblem) {
      await ctx.setCondition({ type: SNAPSHOT_CONDITION, status: 'False', reason: 'InvalidSchedule', message: scheduleProblem });
      throw new PermanentError(scheduleProblem);
    }
    try {
      return renderSnapshot(ctx.object, this.images);
    } catch (error) {
      if (!(error instanceof RetentionError)) throw error;
      const message = `spec.snapshot.${error.message}`;
      await ctx.setCondition({ type: SNAPSHOT_CONDITION, status: 'False', reason: 'InvalidRetention', message });
      throw new PermanentError(message);
    }
  }

  private async ensure(ctx: HandlerContext<Kryton>, owned: OwnedObject) {
    try {
      return await ensureOwned(ctx.client, owned);
    } catch (error) {
      if (!(error instanceof ForeignOwnerError)) throw error;
      await ctx.setCondition({ type: SNAPSHOT_CONDITION, status: 'False', reason: 'NameTaken', message: error.message });
      await ctx.event('Warning', 'NameTaken', error.message);
      throw new PermanentError(error.message);
    }
  }

  private async removeAll(ctx: HandlerContext<Kryton>): Promise<void> {
    const { namespace = '', uid = '' } = ctx.object.metadata;
    const removed: string[] = [];
    for (const { resource, name } of snapshotObjectRefs(ctx.object)) {
      if (await deleteIfOwned(ctx.client, resource, name, namespace, uid)) removed.push(`${resource.kind} ${name}`);
    }
    if (removed.length > 0) {
      const message = `spec.snapshot cleared: deleted ${removed.join(', ')}`;
      ctx.logger.info(message);
      await ctx.event('Normal', 'SnapshotScheduleRemoved', message);
    }
    await ctx.setCondition({ type: SNAPSHOT_CONDITION, status: 'True', reason: 'NotConfigured', message: 'spec.snapshot is not set: no snapshot schedule' });
  }
}
