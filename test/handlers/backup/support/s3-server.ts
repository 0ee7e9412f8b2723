/**
 * A real S3-protocol server (s3rver) on loopback for one test file, in its own process, storing
 * objects in a temp dir. s3rver takes an object's LastModified from its file's mtime, which is how
 * tests backdate one.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** s3rver's built-in account. */
export const S3_ACCESS_KEY = 'S3RVER';
export const S3_SECRET_KEY = 'S3RVER';

const LAUNCHER = fileURLToPath(new URL('./s3rver-process.mjs', import.meta.url));

export interface LoopbackS3 {
  endpoint: string;
  directory: string;
  /** Sets the LastModified the server reports for an object. */
  backdate(bucket: string, key: string, to: Date): Promise<void>;
  stop(): Promise<void>;
}

export async function startS3(buckets: string[]): Promise<LoopbackS3> {
  const directory = await mkdtemp(join(tmpdir(), 'kryton-s3-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', LAUNCHER, directory, buckets.join(',')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const [firstLine] = (await Promise.race([once(lines, 'line'), exited.then(() => [undefined])])) as [string | undefined];
  lines.close();
  const port = Number(firstLine);
  if (!Number.isInteger(port) || port <= 0) {
    child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
    throw new Error(`s3rver did not start (first line: ${JSON.stringify(firstLine)})`);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    directory,
    async backdate(bucket, key, to) {
      const parts = key.split('/');
      const last = parts.pop() ?? '';
      await utimes(join(directory, bucket, ...parts, `${last}._S3rver_object`), to, to);
    },
    async stop() {
      try {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          await exited;
        }
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
  };
}
