/**
 * The container images the operator renders into the workloads it owns (Jobs, init-containers).
 * Each is pinned by tag and overridable from the operator's command line.
 */
import type { InjectionToken } from 'tsyringe';

export interface JobImages {
  /** pg_dump / pg_restore for the backup CronJob. */
  postgres: string;
  /** curl + sha256sum + sh for the plugin-installer init-container. */
  pluginInstaller: string;
  /** The operator's own image: ships a SHA-256-verified kubectl at /app/tools/bin/kubectl. */
  operator: string;
}

export const DEFAULT_JOB_IMAGES: JobImages = {
  postgres: 'postgres:16.6-bookworm',
  pluginInstaller: 'curlimages/curl:8.10.1',
  operator: 'ghcr.io/azrtydxb/kryton/kryton-operator:0.1.0',
};

/** How handlers receive the images the operator was started with (optional: defaults apply). */
export const JOB_IMAGES: InjectionToken<JobImages> = Symbol.for('kryton:JobImages');
