import { cronScheduleProblem } from '../../../handlers/kryton/cron.js';

describe('cron schedules', () => {
  it.each(['0 3 * * *', '*/15 0-23 1,15 JAN-DEC mon-fri', '0 3 * * 7', '@daily', '@hourly'])('accepts %s', (schedule) => {
    expect(cronScheduleProblem('spec.backup.schedule', schedule)).toBeUndefined();
  });

  it.each([
    ['61 * * * *', /expected range 0-59/],
    ['0 24 * * *', /expected range 0-23/],
    ['* * * * 8', /expected range 0-7/],
    ['0 0 31 2 *', /day of month/],
  ])('refuses %s, naming the field and what a schedule looks like', (schedule, reason) => {
    const problem = cronScheduleProblem('spec.snapshot.schedule', schedule);
    expect(problem).toMatch(reason);
    expect(problem).toContain(`spec.snapshot.schedule "${schedule}"`);
    expect(problem).toContain('minute (0-59)');
  });
});
