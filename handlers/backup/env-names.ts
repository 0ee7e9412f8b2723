/**
 * The environment variables through which the backup pod hands user strings and credentials to
 * `kryton-operator backup …`. The renderer writes them and the CLI reads them: this file is the
 * contract between the two.
 */
export const ENV = {
  endpoint: 'OBJECT_STORE_ENDPOINT',
  bucket: 'OBJECT_STORE_BUCKET',
  region: 'OBJECT_STORE_REGION',
  accessKey: 'OBJECT_STORE_ACCESS_KEY',
  secretKey: 'OBJECT_STORE_SECRET_KEY',
  prefix: 'BACKUP_PREFIX',
  retention: 'BACKUP_RETENTION',
  objectKey: 'BACKUP_OBJECT_KEY',
  database: 'PGDATABASE',
} as const;

/** The keys the credentials Secret named by `credentialsSecretRef` must hold. */
export const CREDENTIAL_KEYS = [ENV.accessKey, ENV.secretKey] as const;

/** The keys of the chart's `<cr-name>-postgresql` Secret the dump and restore read. */
export const POSTGRES_KEYS = ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE'] as const;

export const DEFAULT_REGION = 'us-east-1';
