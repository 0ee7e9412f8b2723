import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartIdentity, readChartIdentity } from '../../../handlers/helm-release/chart-digest.js';
import { embeddedChartPath } from '../../../handlers/helm-release/release-settings.js';
import { writeTestChart } from './support.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chart-digest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('reads the name and version and digests every file', () => {
  const chart = writeTestChart(dir);
  const identity = readChartIdentity(chart);
  expect(identity).toMatchObject({ name: 'tiny-kryton', version: '0.1.0' });
  expect(identity.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(readChartIdentity(chart)).toEqual(identity);
});

test.each([
  ['a template changes', (chart: string) => writeFileSync(join(chart, 'templates', 'service.yaml'), 'changed')],
  ['a file is added', (chart: string) => writeFileSync(join(chart, 'templates', 'extra.yaml'), '')],
  ['a file moves to another folder', (chart: string) => { mkdirSync(join(chart, 'more')); writeFileSync(join(chart, 'more', 'service.yaml'), ''); }],
])('the digest changes when %s', (_what, change) => {
  const chart = writeTestChart(dir);
  const before = readChartIdentity(chart).digest;
  change(chart);
  expect(readChartIdentity(chart).digest).not.toBe(before);
});

test('chartIdentity computes once per path and process', () => {
  const chart = writeTestChart(dir);
  const first = chartIdentity(chart);
  writeFileSync(join(chart, 'templates', 'extra.yaml'), '');
  expect(chartIdentity(chart)).toBe(first);
});

test('a folder without Chart.yaml is refused with its path', () => {
  expect(() => readChartIdentity(dir)).toThrow(new RegExp(`cannot read the chart at ${dir}`));
});

test('the embedded chart is found and readable', () => {
  expect(readChartIdentity(embeddedChartPath())).toMatchObject({ name: 'kryton' });
});
