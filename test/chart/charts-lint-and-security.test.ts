/**
 * Both charts pass `helm lint --strict`, and every pod template either chart can render meets the
 * Pod Security "restricted" profile with default values and with every option on.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Helm, krytonChart, operatorChart } from './helm-cli.js';
import { podSpecsOf, restrictedViolations } from './pod-security.js';

let helm: Helm;
let workDir: string;

beforeAll(async () => {
  helm = await Helm.create();
  workDir = await mkdtemp(join(tmpdir(), 'kryton-chart-lint-'));
});

afterAll(async () => {
  await helm.dispose();
  await rm(workDir, { recursive: true, force: true });
});

it.each([krytonChart, operatorChart])('helm lint --strict passes on %s', async (chart) => {
  const result = await helm.run(['lint', '--strict', chart]);
  expect({ exitCode: result.exitCode, output: result.stdout + result.stderr }).toMatchObject({ exitCode: 0 });
  expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
});

const CASES: Array<[string, string, Record<string, unknown>]> = [
  ['kryton, defaults', krytonChart, {}],
  ['kryton, everything on', krytonChart, { plugins: { enabled: true }, serviceAccount: { create: true }, autoscaling: { enabled: true } }],
  ['kryton-operator, defaults', operatorChart, {}],
  ['kryton-operator, namespaced', operatorChart, { watchNamespaces: ['a', 'b'], replicaCount: 2 }],
];

it.each(CASES)('every pod of %s meets the restricted profile', async (_label, chart, values) => {
  const file = join(workDir, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(values));
  const objects = await helm.template(chart, 'psa', 'psa', file);
  const pods = podSpecsOf(objects);
  expect(pods.length).toBeGreaterThan(0);
  const violations = pods.flatMap(({ owner, podSpec }) => restrictedViolations(podSpec).map((v) => `${owner}: ${v}`));
  expect(violations).toEqual([]);
});
