/**
 * Keeps the backup CronJob `<cr-name>-backup` of a Kryton in step with spec.backup: created or
 * updated when it is set or changes, repaired when someone edits or deletes it, deleted when
 * spec.backup is cleared. It is owned by the Kryton, so deleting the Kryton garbage-collects it.
 * The condition `BackupReady` and Events say what happened and what the user must fix.
 */
import type { InjectionToken } from 'tsyringe';
import {
  inject,
  OnCreate,
  OnFieldChange,
  OnOwnedChange,
  OnResume,
  PermanentError,
  TemporaryError,
  Watches,
  type HandlerContext,
} from '../../framework/index.js';
import { DEFAULT_JOB_IMAGES, JOB_IMAGES, type JobImages } from '../kryton/images.js';
import { krytonNames } from '../kryton/names.js';
import { KRYTONS, type Kryton, type ObjectStoreSpec } from '../kryton/types.js';
import { deleteIfOwned, ensureOwned, ForeignOwnerError } from '../kryton/owned-objects.js';
import { CRONJOBS } from '../kryton/resources.js';
import { backupProblems } from './backup-problems.js';
import type { CronJob } from './batch-shapes.js';
import { checkCredentialsSecret } from './credentials-check.js';
import { effectivePrefix, renderBackupCronJob } from './render-cronjob.js';

export const BACKUP_CONDITION = 'BackupReady';

export interface BackupHandlerSettings {
  /** How long to wait before looking for a missing credentials Secret again. */
  credentialsRecheckSeconds: number;
}

export const BACKUP_HANDLER_SETTINGS: InjectionToken<BackupHandlerSettings> = Symbol.for('kryton:BackupHandlerSettings');
const DEFAULT_SETTINGS: BackupHandlerSettings = { credentialsRecheckSeconds: 30 };
const NAME_TAKEN_RECHECK_SECONDS = 60;

@Watches(KRYTONS)
export class BackupHandler {
  private readonly images: JobImages;
  private readonly settings: BackupHandlerSettings;

  constructor(
    @inject(JOB_IMAGES, { isOptional: true }) images?: JobImages,
    @inject(BACKUP_HANDLER_SETTINGS, { isOptional: true }) settings?: BackupHandlerSettings,
  ) {
    this.images = images ?? DEFAULT_JOB_IMAGES;
    this.settings = settings ?? DEFAULT_SETTINGS;
  }

  @OnCreate()
  @OnResume()
  @OnFieldChange('spec.backup')
  @OnOwnedChange(CRONJOBS)
  async reconcileBackup(ctx: HandlerContext<Kryton>): Promise<void> {
    const backup = ctx.object.spec.backup;
    if (!backup) return this.remove(ctx);

    const problems = backupProblems(backup);
    if (problems.length > 0) {
      const message = `spec.backup is invalid: ${problems.join('; ')}`;
      await this.fail(ctx, 'InvalidBackupSpec', message);
      throw new PermanentError(message);
    }

    const cronJob = renderBackupCronJob(ctx.object, this.images)!;
    await this.apply(ctx, cronJob);

    const store = backup.objectStore!;
    const credentials = await checkCredentialsSecret(ctx.client, cronJob.metadata.namespace, store.credentialsSecretRef.name);
    if (!credentials.ok) {
      await this.fail(ctx, credentials.reason, credentials.message);
      throw new TemporaryError(credentials.message, { delaySeconds: this.settings.credentialsRecheckSeconds });
    }

    await ctx.setCondition({ type: BACKUP_CONDITION, status: 'True', reason: 'Scheduled', message: scheduledMessage(ctx.object, cronJob, store) });
  }

  private async apply(ctx: HandlerContext<Kryton>, cronJob: CronJob): Promise<void> {
    let outcome: Awaited<ReturnType<typeof ensureOwned>>;
    try {
      outcome = await ensureOwned(ctx.client, { resource: CRONJOBS, object: cronJob });
    } catch (error) {
      if (!(error instanceof ForeignOwnerError)) throw error;
      await this.fail(ctx, 'NameTaken', error.message);
      throw new TemporaryError(error.message, { delaySeconds: NAME_TAKEN_RECHECK_SECONDS });
    }
    if (outcome === 'unchanged') return;
    const message = `CronJob ${cronJob.metadata.name} ${outcome}`;
    ctx.logger.info(message);
    await ctx.event('Normal', 'BackupScheduleApplied', message);
  }

  private async remove(ctx: HandlerContext<Kryton>): Promise<void> {
    const { name = '', namespace = '', uid = '' } = ctx.object.metadata;
    const cronJobName = krytonNames(name).backupCronJob;
    if (await deleteIfOwned(ctx.client, CRONJOBS, cronJobName, namespace, uid)) {
      const message = `spec.backup cleared: deleted CronJob ${cronJobName}`;
      ctx.logger.info(message);
      await ctx.event('Normal', 'BackupScheduleRemoved', message);
    }
    await ctx.setCondition({ type: BACKUP_CONDITION, status: 'True', reason: 'NotConfigured', message: 'spec.backup is not set: no backup schedule' });
  }

  /** Condition False, plus a Warning Event the first time (the framework reports each retry itself). */
  private async fail(ctx: HandlerContext<Kryton>, reason: string, message: string): Promise<void> {
    await ctx.setCondition({ type: BACKUP_CONDITION, status: 'False', reason, message });
    if (ctx.retry === 0) await ctx.event('Warning', reason, message);
  }
}

function scheduledMessage(kryton: Kryton, cronJob: CronJob, store: ObjectStoreSpec): string {
  const retention = kryton.spec.backup?.retention;
  const keeping = retention ? `keeping ${retention}` : 'keeping every backup';
  const where = `s3://${store.bucket}/${effectivePrefix(kryton.metadata.name ?? '', store)}`;
  return `CronJob ${cronJob.metadata.name} dumps the database to ${where} on "${cronJob.spec.schedule}" (UTC), ${keeping}`;
}
