/**
 * What the operator itself checks in `spec.backup` before rendering (the CRD checks the rest at
 * admission). One sentence per problem, each telling the user what to change.
 */
import { cronScheduleProblem } from '../kryton/cron.js';
import { parseRetentionSeconds } from '../kryton/duration.js';
import { KRYTON_FIELD_PATTERNS, type BackupSpec } from '../kryton/types.js';

export function backupProblems(backup: BackupSpec): string[] {
  const problems: string[] = [];
  if (!new RegExp(KRYTON_FIELD_PATTERNS['spec.backup.schedule']).test(backup.schedule)) {
    problems.push(`spec.backup.schedule "${backup.schedule}" is not a cron expression: give five fields (minute hour day-of-month month day-of-week) or @daily, @hourly, …`);
  } else {
    const problem = cronScheduleProblem('spec.backup.schedule', backup.schedule);
    if (problem) problems.push(problem);
  }
  if (backup.retention !== undefined) {
    try {
      parseRetentionSeconds(backup.retention);
    } catch (error) {
      problems.push(`spec.backup.${(error as Error).message}`);
    }
  }
  const store = backup.objectStore;
  if (!store) {
    problems.push('spec.backup.objectStore is missing: set bucket, endpoint and credentialsSecretRef.name so the dump has somewhere to go');
    return problems;
  }
  if (!store.bucket) problems.push('spec.backup.objectStore.bucket is empty: name the bucket the dumps go to');
  if (!/^https?:\/\/[^\s/]+/.test(store.endpoint ?? '')) {
    problems.push(`spec.backup.objectStore.endpoint "${store.endpoint}" is not a full http(s) URL such as https://minio.example.com`);
  }
  if (!store.credentialsSecretRef?.name) {
    problems.push('spec.backup.objectStore.credentialsSecretRef.name is empty: name the Secret holding OBJECT_STORE_ACCESS_KEY and OBJECT_STORE_SECRET_KEY');
  }
  const prefix = store.prefix;
  if (prefix !== undefined && (prefix.startsWith('/') || prefix.includes('//') || prefix.split('/').includes('..'))) {
    problems.push(`spec.backup.objectStore.prefix "${prefix}" must not start with /, contain // or a .. segment`);
  }
  return problems;
}
