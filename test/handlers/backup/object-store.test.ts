/**
 * The object store adapter against a real S3-protocol server: a file larger than one part goes up
 * as a multipart upload and comes back byte for byte; listing pages through everything under a
 * prefix; failures name the operation and the endpoint.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectStore } from '../../../handlers/backup/object-store.js';
import { putObject, testS3Client } from './support/fixtures.js';
import { S3_ACCESS_KEY, S3_SECRET_KEY, startS3, type LoopbackS3 } from './support/s3-server.js';

const BUCKET = 'store-test';
let s3: LoopbackS3;
let store: ObjectStore;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kryton-store-'));
  s3 = await startS3([BUCKET]);
  store = new ObjectStore({ endpoint: s3.endpoint, bucket: BUCKET, region: 'us-east-1', accessKeyId: S3_ACCESS_KEY, secretAccessKey: S3_SECRET_KEY });
});

afterAll(async () => {
  store?.destroy();
  await s3?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

test('a 20 MiB file goes up in parts and comes back byte for byte', async () => {
  const original = Buffer.concat([Buffer.from('PGDMP'), randomBytes(20 * 1024 * 1024)]);
  await writeFile(join(work, 'big.dump'), original);

  const size = await store.putFile('big/db-20261125t000000z.dump', join(work, 'big.dump'));
  const downloaded = await store.getFile('big/db-20261125t000000z.dump', join(work, 'back.dump'));

  expect(size).toBe(original.length);
  expect(downloaded).toBe(original.length);
  expect(sha256(await readFile(join(work, 'back.dump')))).toBe(sha256(original));
});

test('list returns every object under the prefix, across pages, and nothing else', async () => {
  const client = testS3Client(s3.endpoint);
  try {
    const keys = Array.from({ length: 1005 }, (_, i) => `many/${String(i).padStart(4, '0')}.dump`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((key) => putObject(client, BUCKET, key, 'x')));
    await putObject(client, BUCKET, 'many-not/0.dump', 'x');

    const listed = await store.list('many/');

    expect(listed.map((o) => o.key).sort()).toEqual(keys);
    expect(listed.every((o) => o.lastModified instanceof Date && !Number.isNaN(o.lastModified.getTime()))).toBe(true);
  } finally {
    client.destroy();
  }
});

test('a failure names the operation and the endpoint origin, not the endpoint path', async () => {
  const missing = new ObjectStore({ endpoint: `${s3.endpoint}/some/path`, bucket: 'no-such-bucket', region: 'us-east-1', accessKeyId: S3_ACCESS_KEY, secretAccessKey: S3_SECRET_KEY });
  try {
    await expect(missing.list('p/')).rejects.toThrow(new RegExp(`^listing s3://no-such-bucket/p/ at ${s3.endpoint} failed: `));
  } finally {
    missing.destroy();
  }
});
