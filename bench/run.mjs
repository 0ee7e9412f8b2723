// Runs the benchmarks (all, or those named: `npm run bench -- framework operator`), then writes
// docs/performance.md's numbers and docs/performance.svg from bench/results/*.json.
// The benchmarks are TypeScript, compiled here with bench/tsconfig.json into dist/bench/.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCHES = {
  'api-server': 'dist/bench/api-server/throughput.js',
  framework: 'dist/bench/framework/compare.js',
  operator: 'dist/bench/operator/operator-bench.js',
};

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in BENCHES)) {
    console.error(`unknown benchmark "${name}": choose from ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
}
const node = process.execPath;
const run = (args) => spawnSync(node, args, { cwd: root, stdio: 'inherit' }).status;

const started = Date.now();
if (run([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'bench', 'tsconfig.json')]) !== 0) process.exit(1);
const failed = [];
for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) {
  console.log(`\n### bench ${name}`);
  if (run([join(root, BENCHES[name])]) !== 0) failed.push(name);
}
if (run([join(root, 'dist/bench/report/write-report.js')]) !== 0) failed.push('report');
console.log(`\nbenchmarks finished in ${Math.round((Date.now() - started) / 1000)} s${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);
