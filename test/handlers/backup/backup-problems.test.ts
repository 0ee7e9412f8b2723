import { backupProblems } from '../../../handlers/backup/backup-problems.js';
import type { BackupSpec } from '../../../handlers/kryton/types.js';

const good: BackupSpec = {
  schedule: '0 3 * * *',
  retention: '30d',
  objectStore: { bucket: 'kryton-backups', endpoint: 'https://minio.example.com', prefix: 'a/b/', credentialsSecretRef: { name: 'creds' } },
};

test('a complete backup spec has no problems', () => {
  expect(backupProblems(good)).toEqual([]);
  expect(backupProblems({ ...good, schedule: '@hourly', retention: undefined })).toEqual([]);
});

test.each<[string, BackupSpec, RegExp]>([
  ['no object store', { schedule: '@daily' }, /objectStore is missing/],
  ['a bad retention', { ...good, retention: '30 days' }, /retention "30 days" is not a duration/],
  ['a bad schedule', { ...good, schedule: 'every day' }, /schedule "every day" is not a cron expression/],
  ['an endpoint without scheme', { ...good, objectStore: { ...good.objectStore!, endpoint: 'minio:9000' } }, /endpoint "minio:9000" is not a full http\(s\) URL/],
  ['an absolute prefix', { ...good, objectStore: { ...good.objectStore!, prefix: '/x/' } }, /prefix "\/x\/" must not start with \//],
  ['a .. prefix', { ...good, objectStore: { ...good.objectStore!, prefix: 'a/../b/' } }, /\.\. segment/],
  ['no secret name', { ...good, objectStore: { ...good.objectStore!, credentialsSecretRef: { name: '' } } }, /credentialsSecretRef.name is empty/],
])('%s is reported', (_case, backup, message) => {
  expect(backupProblems(backup).join('\n')).toMatch(message);
});

test('a schedule of the right shape with values out of range is reported before the CronJob is refused', () => {
  expect(backupProblems({ ...good, schedule: '61 * * * *' })).toEqual([expect.stringMatching(/^spec\.backup\.schedule "61 \* \* \* \*" is not a schedule that can run \(.*0-59/)]);
});
