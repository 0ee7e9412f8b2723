import { copyFileSync, mkdtempSync, mkdirSync, writeFileSync, chmodSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { locateBinary, UnverifiedBinaryError } from '../../../handlers/tools/verified-binary.js';
import { packageRoot } from '../../../handlers/package-root.js';

const realTools = join(packageRoot(), 'tools');

function toolsCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kryton-tools-'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(realTools, 'checksums.json'), join(dir, 'checksums.json'));
  copyFileSync(join(realTools, 'bin', 'helm'), join(dir, 'bin', 'helm'));
  chmodSync(join(dir, 'bin', 'helm'), 0o755);
  return dir;
}

describe('locateBinary', () => {
  it('finds the bundled helm, verified, and it runs as v3.17.3', () => {
    const helm = locateBinary('helm');
    expect(helm).toBe(join(realTools, 'bin', 'helm'));
    expect(execFileSync(helm, ['version', '--short']).toString()).toMatch(/^v3\.17\.3/);
  });

  it('refuses a tampered bundled binary', () => {
    const dir = toolsCopy();
    appendFileSync(join(dir, 'bin', 'helm'), 'tampered');
    expect(() => locateBinary('helm', { toolsDir: dir })).toThrow(UnverifiedBinaryError);
    expect(() => locateBinary('helm', { toolsDir: dir })).toThrow(/not the committed c16af303/);
  });

  it('prefers an explicit path over the bundled copy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kryton-explicit-'));
    const fake = join(dir, 'my-helm');
    writeFileSync(fake, '#!/bin/sh\necho mine\n', { mode: 0o755 });
    expect(locateBinary('helm', { explicit: fake })).toBe(fake);
  });

  it('falls back to PATH when nothing is bundled, and says how to fix it when nothing is found', () => {
    const empty = mkdtempSync(join(tmpdir(), 'kryton-empty-'));
    const pathDir = mkdtempSync(join(tmpdir(), 'kryton-path-'));
    writeFileSync(join(pathDir, 'helm'), '#!/bin/sh\n', { mode: 0o755 });
    expect(locateBinary('helm', { toolsDir: empty, searchPath: pathDir })).toBe(join(pathDir, 'helm'));
    expect(() => locateBinary('helm', { toolsDir: empty, searchPath: empty })).toThrow(/npm ci/);
  });
});
