/**
 * The object store, as the backup needs it: put a file, list a prefix, delete a key, fetch a key
 * into a file. The only module that talks S3 (through @aws-sdk/client-s3), with path-style
 * addressing so that any S3-compatible store (MinIO, Ceph, Garage, …) works.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { printableKey } from './object-key.js';
import type { StoredObject } from './retention.js';

export interface ObjectStoreConfig {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export class ObjectStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  /** Scheme, host and port of the endpoint: what error messages name (never a path or userinfo). */
  private readonly origin: string;

  constructor(config: ObjectStoreConfig) {
    this.bucket = config.bucket;
    this.origin = URL.canParse(config.endpoint) ? new URL(config.endpoint).origin : 'the configured endpoint';
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      forcePathStyle: true,
      // Many S3-compatible stores reject the SDK's newer default integrity checksums; send and
      // verify them only where the S3 API requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 5,
    });
  }

  /** `s3://bucket/key` for log lines and messages, control characters escaped. */
  location(key: string): string {
    return `s3://${printableKey(this.bucket)}/${printableKey(key)}`;
  }

  /** Streams a file to `key` (multipart above 8 MiB) and returns the size the store reports. */
  async putFile(key: string, path: string): Promise<number> {
    return this.explained(`uploading to ${this.location(key)}`, () => this.put(key, path));
  }

  private async put(key: string, path: string): Promise<number> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: createReadStream(path), ContentType: 'application/octet-stream' },
      partSize: 8 * 1024 * 1024,
      queueSize: 2,
    });
    await upload.done();
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    return head.ContentLength ?? -1;
  }

  /** Every object whose key starts with `prefix`, across all listing pages. */
  async list(prefix: string): Promise<StoredObject[]> {
    return this.explained(`listing ${this.location(prefix)}`, () => this.listAll(prefix));
  }

  private async listAll(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const item of page.Contents ?? []) {
        if (item.Key !== undefined && item.LastModified !== undefined) {
          objects.push({ key: item.Key, lastModified: item.LastModified });
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  async delete(key: string): Promise<void> {
    await this.explained(`deleting ${this.location(key)}`, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  /** Downloads `key` to `path`, through a temporary name so a broken download never looks complete. */
  async getFile(key: string, path: string): Promise<number> {
    return this.explained(`downloading ${this.location(key)}`, () => this.get(key, path));
  }

  private async get(key: string, path: string): Promise<number> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!(answer.Body instanceof Readable)) throw new Error(`the object store returned no body for ${printableKey(key)}`);
    const partial = `${path}.partial`;
    try {
      await pipeline(answer.Body, createWriteStream(partial, { mode: 0o600 }));
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return (await stat(path)).size;
  }

  /** Names the operation and the store in a failure, keeping the SDK's error as the cause. */
  private async explained<T>(operation: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      const reason = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
      throw new Error(`${operation} at ${this.origin} failed: ${reason}`, { cause: error });
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
