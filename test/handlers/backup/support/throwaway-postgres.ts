/**
 * A real PostgreSQL server for one test file: initdb into a temp dir, password (scram) auth on a
 * free loopback port. initdb and postgres refuse to run as root, so as root they run as `nobody`.
 * The binaries are Debian's (`/usr/lib/postgresql/<major>/bin`, newest major) unless
 * KRYTON_TEST_PG_BIN names another folder.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DEBIAN_PG_ROOT = '/usr/lib/postgresql';

function locatePgBin(): string {
  const chosen = process.env.KRYTON_TEST_PG_BIN;
  if (chosen) return chosen;
  const majors = existsSync(DEBIAN_PG_ROOT) ? readdirSync(DEBIAN_PG_ROOT).filter((m) => existsSync(join(DEBIAN_PG_ROOT, m, 'bin', 'pg_ctl'))) : [];
  majors.sort((a, b) => Number(b) - Number(a));
  if (majors.length === 0) throw new Error(`no PostgreSQL server binaries under ${DEBIAN_PG_ROOT}/<major>/bin: install the postgresql package, or set KRYTON_TEST_PG_BIN`);
  return join(DEBIAN_PG_ROOT, majors[0], 'bin');
}

export const PG_BIN = locatePgBin();

export interface ThrowawayPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Runs SQL in `database` and returns psql's unaligned, tuples-only output. */
  psql(database: string, sql: string): Promise<string>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const asServerUser = (argv: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'nobody', '--', ...argv]] : [argv[0], argv.slice(1)];

async function runAsServerUser(argv: string[]): Promise<void> {
  const [file, args] = asServerUser(argv);
  await run(file, args, { env: { ...process.env, LC_ALL: 'C' } });
}

export async function startPostgres(): Promise<ThrowawayPostgres> {
  const base = await mkdtemp(join(tmpdir(), 'kryton-pg-'));
  try {
    return await startIn(base);
  } catch (error) {
    await rm(base, { recursive: true, force: true });
    throw error;
  }
}

async function startIn(base: string): Promise<ThrowawayPostgres> {
  const data = join(base, 'data');
  const user = 'kryton';
  const password = `pw-${process.pid}-${Date.now()}`;
  await writeFile(join(base, 'pwfile'), password);
  await chmod(base, 0o755);
  if (process.getuid?.() === 0) await run('chown', ['-R', 'nobody:nogroup', base]);
  await runAsServerUser([`${PG_BIN}/initdb`, '-D', data, '-U', user, '--auth=scram-sha-256', `--pwfile=${join(base, 'pwfile')}`, '-E', 'UTF8', '--no-sync']);
  // Another test may take the free port before the server binds it: try a fresh one. Later lines
  // of postgresql.conf override earlier ones.
  let port = 0;
  for (let attempt = 1; ; attempt += 1) {
    port = await freePort();
    await appendFile(
      join(data, 'postgresql.conf'),
      `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${base}'\nfsync = off\n`,
    );
    try {
      await runAsServerUser([`${PG_BIN}/pg_ctl`, '-D', data, '-l', join(base, 'server.log'), '-w', '-t', '60', 'start']);
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  const host = '127.0.0.1';
  return {
    host,
    port,
    user,
    password,
    async psql(database, sql) {
      const { stdout } = await run(`${PG_BIN}/psql`, ['-X', '-v', 'ON_ERROR_STOP=1', '-At', '-h', host, '-p', String(port), '-U', user, '-d', database, '-c', sql], {
        env: { ...process.env, PGPASSWORD: password },
      });
      return stdout.trim();
    },
    async stop() {
      try {
        await runAsServerUser([`${PG_BIN}/pg_ctl`, '-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        await rm(base, { recursive: true, force: true });
      }
    },
  };
}
