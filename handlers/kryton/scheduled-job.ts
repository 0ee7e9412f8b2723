/**
 * The CronJob policy every schedule the operator keeps shares: times in UTC, never two runs at once,
 * the last three successful and three failed Jobs kept, two retries, pods restarted on failure.
 */
export const SCHEDULE_TIME_ZONE = 'Etc/UTC';

/** A CronJob `spec` running `podSpec` on `schedule`; the labels mark both the Jobs and their pods. */
export function scheduledJobSpec<PodSpec extends object>(schedule: string, labels: Record<string, string>, podSpec: PodSpec) {
  return {
    schedule,
    timeZone: SCHEDULE_TIME_ZONE,
    concurrencyPolicy: 'Forbid' as const,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 3,
    jobTemplate: {
      metadata: { labels },
      spec: {
        backoffLimit: 2,
        template: { metadata: { labels }, spec: { restartPolicy: 'OnFailure' as const, ...podSpec } },
      },
    },
  };
}
