/**
 * The rendered plugin-installer init-container, run for real: the command and args exactly as the
 * renderer produces them (after the kubelet's `$(VAR)` expansion), under sh, with the real curl and
 * sha256sum, against an HTTPS server on loopback. Two environment values differ from the pod:
 * PLUGINS_DIR points at a temporary directory standing in for the mounted volume, and
 * CURL_CA_BUNDLE makes curl trust the server's self-signed certificate. The curl flags stay as
 * rendered.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { DEFAULT_JOB_IMAGES } from '../../../handlers/kryton/images.js';
import type { Kryton, PluginSpec } from '../../../handlers/kryton/types.js';
import { renderPluginInstaller } from '../../../handlers/plugins/render.js';
import { kubeletExpand } from './kubelet-expansion.js';
import { startLoopbackHttpServer, startLoopbackHttpsServer, type LoopbackHttpsServer, type LoopbackServer } from './loopback-servers.js';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

const ALPHA = Buffer.from('alpha plugin archive\n');
const BETA = Buffer.from('beta plugin archive, version 2\n');

let server: LoopbackHttpsServer;
let plainServer: LoopbackServer;
let work: string;
let pluginsDir: string;
let caFile: string;

beforeAll(async () => {
  plainServer = await startLoopbackHttpServer({ '/alpha.tgz': ALPHA });
  server = await startLoopbackHttpsServer({
    '/alpha.tgz': ALPHA,
    '/beta.tgz': BETA,
    '/moved.tgz': { redirectTo: `${plainServer.origin}/alpha.tgz` },
    '/moved-securely.tgz': { redirectTo: '/alpha.tgz' },
  });
});

afterAll(async () => {
  await server.close();
  await plainServer.close();
});

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'plugin-installer-'));
  pluginsDir = join(work, 'plugins');
  caFile = join(work, 'ca.pem');
  writeFileSync(caFile, server.caPem);
  mkdirSync(pluginsDir);
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

function kryton(plugins: PluginSpec[]): Kryton {
  return { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name: 'notes', namespace: 'team' }, spec: { version: '4.5.0', plugins } };
}

/** Runs the init-container as rendered, as the kubelet would start it, with cwd in the work dir. */
async function runInstaller(plugins: PluginSpec[]) {
  const container = renderPluginInstaller(kryton(plugins), DEFAULT_JOB_IMAGES, { volumeName: 'data', subPath: 'plugins' });
  if (!container) throw new Error('nothing rendered');
  const containerEnv = Object.fromEntries(container.env.map((e) => [e.name, e.value]));
  const argv = [...container.command, ...container.args].map((s) => kubeletExpand(s, containerEnv));
  return execa(argv[0], argv.slice(1), {
    cwd: work,
    reject: false,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PLUGINS_DIR: pluginsDir, CURL_CA_BUNDLE: caFile },
  });
}

const plugin = (name: string, path: string, digest: string, extra: Partial<PluginSpec> = {}): PluginSpec => ({
  name,
  url: `${server.origin}${path}`,
  sha256: digest,
  ...extra,
});

const leftovers = () => readdirSync(pluginsDir).filter((f) => f.startsWith('.'));

describe('plugin-installer script', () => {
  it('downloads, verifies and installs each plugin under its name, readable by the server', async () => {
    const result = await runInstaller([plugin('alpha.tgz', '/alpha.tgz', sha256(ALPHA)), plugin('beta', '/beta.tgz', sha256(BETA).toUpperCase())]);

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(pluginsDir, 'alpha.tgz'))).toEqual(ALPHA);
    expect(readFileSync(join(pluginsDir, 'beta'))).toEqual(BETA);
    expect(statSync(join(pluginsDir, 'alpha.tgz')).mode & 0o777).toBe(0o644);
    expect(leftovers()).toEqual([]);
  });

  it('fails naming the plugin and installs nothing when the digest does not match', async () => {
    const result = await runInstaller([plugin('alpha.tgz', '/alpha.tgz', sha256('something else'))]);

    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('plugin alpha.tgz: sha256 mismatch');
    expect(existsSync(join(pluginsDir, 'alpha.tgz'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('leaves an installed version in place when its replacement fails verification', async () => {
    writeFileSync(join(pluginsDir, 'alpha.tgz'), 'the previous version');
    const result = await runInstaller([plugin('alpha.tgz', '/beta.tgz', sha256(ALPHA))]);

    expect(result.exitCode).not.toBe(0);
    expect(readFileSync(join(pluginsDir, 'alpha.tgz'), 'utf8')).toBe('the previous version');
    expect(leftovers()).toEqual([]);
  });

  it('refuses to install over a directory of the same name', async () => {
    mkdirSync(join(pluginsDir, 'alpha.tgz'));
    const result = await runInstaller([plugin('alpha.tgz', '/alpha.tgz', sha256(ALPHA))]);

    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('plugin alpha.tgz: ');
    expect(result.stderr).toContain('is a directory; remove it');
    expect(readdirSync(join(pluginsDir, 'alpha.tgz'))).toEqual([]);
  });

  it('fails naming the plugin when the server answers 404, and stops before later plugins', async () => {
    const result = await runInstaller([plugin('missing', '/missing.tgz', sha256(ALPHA)), plugin('beta', '/beta.tgz', sha256(BETA))]);

    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('plugin missing: download failed');
    expect(readdirSync(pluginsDir)).toEqual([]);
  });

  it('skips a plugin already installed with the right digest, without contacting the server', async () => {
    const plugins = [plugin('alpha.tgz', '/alpha.tgz', sha256(ALPHA))];
    expect((await runInstaller(plugins)).exitCode).toBe(0);
    const hitsAfterFirstRun = server.hits('/alpha.tgz');

    const second = await runInstaller(plugins);

    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain('alpha.tgz is already installed');
    expect(server.hits('/alpha.tgz')).toBe(hitsAfterFirstRun);
  });

  it('replaces an installed plugin whose declared digest changed', async () => {
    expect((await runInstaller([plugin('p', '/alpha.tgz', sha256(ALPHA))])).exitCode).toBe(0);

    const result = await runInstaller([plugin('p', '/beta.tgz', sha256(BETA))]);

    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(pluginsDir, 'p'))).toEqual(BETA);
  });

  it('refuses plain http unless the plugin opts in, before any download', async () => {
    const plainHitsBefore = plainServer.requests.length;
    const result = await runInstaller([{ name: 'alpha', url: `${plainServer.origin}/alpha.tgz`, sha256: sha256(ALPHA) }]);

    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('plugin alpha: the url is plain http; set allowInsecureHttp: true');
    expect(plainServer.requests.length).toBe(plainHitsBefore);
  });

  it('downloads over plain http when that plugin opts in', async () => {
    const result = await runInstaller([{ name: 'alpha', url: `${plainServer.origin}/alpha.tgz`, sha256: sha256(ALPHA), allowInsecureHttp: true }]);

    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(pluginsDir, 'alpha'))).toEqual(ALPHA);
    expect(plainServer.hits('/alpha.tgz')).toBe(1);
  });

  it('follows https redirects but refuses one that downgrades to http', async () => {
    const plainHitsBefore = plainServer.requests.length;
    const secure = await runInstaller([plugin('alpha', '/moved-securely.tgz', sha256(ALPHA))]);
    const downgraded = await runInstaller([plugin('beta', '/moved.tgz', sha256(ALPHA))]);

    expect(secure.exitCode).toBe(0);
    expect(readFileSync(join(pluginsDir, 'alpha'))).toEqual(ALPHA);
    expect(downgraded.exitCode).not.toBe(0);
    expect(downgraded.stderr).toContain('plugin beta: download failed');
    expect(existsSync(join(pluginsDir, 'beta'))).toBe(false);
    expect(plainServer.requests.length).toBe(plainHitsBefore);
  });

  describe('hostile input stays data', () => {
    const CANARY = 'canary';
    // Without whitespace curl accepts the URL and the server must see it verbatim; with whitespace
    // curl itself refuses it. In no case may the shell split or evaluate it.
    const payloads = [
      `$(touch ${CANARY})`,
      '$(touch${IFS}' + CANARY + ')',
      `\`touch ${CANARY}\``,
      '`touch${IFS}' + CANARY + '`',
      `'; touch ${CANARY}; '`,
      "';touch${IFS}" + CANARY + ";'",
      `"; touch ${CANARY}; "`,
      '";touch${IFS}' + CANARY + ';"',
      `x y; touch ${CANARY}`,
      `x\ntouch ${CANARY}`,
      `$(PLUGINS_DIR)`,
    ];

    it('the canary can be tripped: a script that evaluates its argument creates it', async () => {
      await execa('/bin/sh', ['-c', 'eval "echo $1"', 'control', payloads[0]], { cwd: work });
      expect(existsSync(join(work, CANARY))).toBe(true);
    });

    it.each(payloads)('a plugin named %j is refused and runs nothing', async (name) => {
      const result = await runInstaller([plugin(name, '/alpha.tgz', sha256(ALPHA))]);

      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain('is not a plain file name');
      expect(existsSync(join(work, CANARY))).toBe(false);
      expect(readdirSync(pluginsDir)).toEqual([]);
    });

    it.each(['..', '.', '.hidden', '-rf', '../escape', 'a/b', '/etc/passwd'])('a plugin named %j is refused', async (name) => {
      const result = await runInstaller([plugin(name, '/alpha.tgz', sha256(ALPHA))]);

      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain('is not a plain file name');
      expect(readdirSync(work).sort()).toEqual(['ca.pem', 'plugins']);
      expect(readdirSync(pluginsDir)).toEqual([]);
    });

    it.each(payloads)('a url ending in %j reaches curl as one literal argument and runs nothing', async (payload) => {
      const before = server.requests.length;
      const result = await runInstaller([plugin('alpha', `/alpha.tgz?q=${payload}`, sha256(ALPHA))]);

      expect(existsSync(join(work, CANARY))).toBe(false);
      const seen = server.requests.slice(before).map((target) => decodeURIComponent(target));
      if (/\s/.test(payload)) {
        expect(result.stderr).toContain('plugin alpha: download failed');
        expect(seen).toEqual([]);
      } else {
        expect(result.stderr).toBe('');
        expect(seen).toEqual([`/alpha.tgz?q=${payload}`]);
        expect(readFileSync(join(pluginsDir, 'alpha'))).toEqual(ALPHA);
      }
    });

    it('a url that starts like a curl option is refused before curl sees it', async () => {
      const result = await runInstaller([{ name: 'alpha', url: `--output=${join(work, CANARY)}`, sha256: sha256(ALPHA) }]);

      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain('plugin alpha: the url must start with https://');
      expect(existsSync(join(work, CANARY))).toBe(false);
    });
  });
});
