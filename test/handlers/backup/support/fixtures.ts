/** Kryton objects and Secrets shaped like the ones a cluster would hold, for the backup tests. */
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { BackupSpec, Kryton } from '../../../../handlers/kryton/types.js';
import { secretObject, type SecretObject } from './kubelet.js';
import type { ThrowawayPostgres } from './throwaway-postgres.js';
import { S3_ACCESS_KEY, S3_SECRET_KEY } from './s3-server.js';

export const CREDENTIALS_SECRET = 'kryton-backup-creds';

export function krytonWithBackup(name: string, backup: BackupSpec, namespace = 'notes'): Kryton {
  return {
    apiVersion: 'kryton.azrtydxb.io/v1alpha1',
    kind: 'Kryton',
    metadata: { name, namespace, uid: `uid-${name}` },
    spec: { version: '4.5.0', backup },
  };
}

export function clusterSecrets(crName: string, pg: ThrowawayPostgres, database: string): SecretObject[] {
  return [
    secretObject(`${crName}-postgresql`, {
      PGHOST: pg.host,
      PGPORT: String(pg.port),
      PGUSER: pg.user,
      PGPASSWORD: pg.password,
      PGDATABASE: database,
    }),
    secretObject(CREDENTIALS_SECRET, { OBJECT_STORE_ACCESS_KEY: S3_ACCESS_KEY, OBJECT_STORE_SECRET_KEY: S3_SECRET_KEY }),
  ];
}

/** A plain S3 client for the test's own view of the bucket (seeding and listing). */
export function testS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3_ACCESS_KEY, secretAccessKey: S3_SECRET_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export async function putObject(client: S3Client, bucket: string, key: string, body: string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

export async function listKeys(client: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => o.Key ?? '').sort();
}
