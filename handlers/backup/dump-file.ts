/**
 * Checks on a dump file before it is uploaded or restored: it exists, is not empty, and is a
 * pg_dump custom-format archive (which starts with the bytes `PGDMP`).
 */
import { open, stat } from 'node:fs/promises';

const CUSTOM_FORMAT_MAGIC = 'PGDMP';

export interface DumpFacts {
  size: number;
  /** When pg_dump finished writing it: the time the object key is named after. */
  writtenAt: Date;
}

export async function inspectDump(path: string): Promise<DumpFacts> {
  const facts = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`no dump at ${path} (${error.code ?? error.message}): did the pg-dump step succeed?`, { cause: error });
  });
  if (!facts.isFile() || facts.size === 0) throw new Error(`the dump at ${path} is empty or not a file: did the pg-dump step succeed?`);
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(CUSTOM_FORMAT_MAGIC.length);
    await handle.read(head, 0, head.length, 0);
    if (head.toString('latin1') !== CUSTOM_FORMAT_MAGIC) {
      throw new Error(`${path} is not a pg_dump custom-format archive (pg_dump --format=custom writes one)`);
    }
  } finally {
    await handle.close();
  }
  return { size: facts.size, writtenAt: facts.mtime };
}
