/**
 * The names of everything that belongs to one Kryton object, in one place. They follow the chart's
 * `fullnameOverride` convention: the Helm release, Deployment, Service and PVC are all `<cr-name>`.
 */
export const krytonNames = (crName: string) => ({
  release: crName,
  deployment: crName,
  service: crName,
  pvc: crName,
  postgresSecret: `${crName}-postgresql`,
  postgresFullname: `${crName}-postgresql`,
  backupCronJob: `${crName}-backup`,
  snapshotCronJob: `${crName}-snapshot`,
  snapshotServiceAccount: `${crName}-snapshot`,
  snapshotRole: `${crName}-snapshot`,
  snapshotRoleBinding: `${crName}-snapshot`,
  defaultBackupPrefix: `${crName}/`,
});

/** Labels that identify objects the operator renders for one Kryton, per concern. */
export const instanceLabels = (crName: string, component: string): Record<string, string> => ({
  'app.kubernetes.io/name': 'kryton',
  'app.kubernetes.io/instance': crName,
  'app.kubernetes.io/component': component,
  'app.kubernetes.io/managed-by': 'kryton-operator',
});
