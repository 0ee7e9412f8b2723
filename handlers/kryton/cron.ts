/**
 * Cron schedules as the Kryton CRD writes them (UTC). The CRD's pattern checks the shape (five fields
 * or an @-macro); the values inside the fields (minute 61, weekday 8, 31 February) only a parser can
 * judge, and the API server would refuse the CronJob later with a less helpful message.
 */
import { CronExpressionParser } from 'cron-parser';

/** Why `schedule` (at field path `field`) is not a usable cron schedule, or undefined when it is. */
export function cronScheduleProblem(field: string, schedule: string): string | undefined {
  try {
    CronExpressionParser.parse(schedule, { tz: 'UTC' });
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `${field} "${schedule}" is not a schedule that can run (${reason}): give five fields minute (0-59) hour (0-23) day-of-month (1-31) month (1-12) day-of-week (0-7), or @hourly, @daily, @weekly, @monthly, @yearly`;
  }
}
