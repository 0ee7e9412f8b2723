/**
 * Retention windows as the Kryton CRD writes them: a positive whole number and one unit,
 * `m` (minutes), `h` (hours), `d` (days) or `w` (weeks) — `30d`, `12h`, `2w`.
 */
export const RETENTION_PATTERN = '^[1-9][0-9]{0,5}(m|h|d|w)$';

const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86400, w: 604800 };

export class RetentionError extends Error {
  constructor(value: string) {
    super(`retention "${value}" is not a duration like 30d, 12h, 2w or 90m (a positive whole number and one of m, h, d, w)`);
    this.name = 'RetentionError';
  }
}

/** Parses a retention window into seconds; throws RetentionError on anything else. */
export function parseRetentionSeconds(value: string): number {
  const match = new RegExp(RETENTION_PATTERN).exec(value);
  if (!match) throw new RetentionError(value);
  return Number(value.slice(0, -1)) * UNIT_SECONDS[match[1]];
}
