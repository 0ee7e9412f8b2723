import { goalRows } from '../../bench/report/goals.js';
import { renderNumbers, spliceNumbers, BEGIN, END } from '../../bench/report/markdown.js';
import { panelsFor } from '../../bench/report/panels.js';
import { renderSvg } from '../../bench/report/svg.js';
import { quantile, summarize } from '../../bench/lib/stats.js';
import { type BenchResult } from '../../bench/lib/results.js';

const machine = { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 4, os: 'Linux', node: 'v24.0.0', loadAverage1m: 0.5 };

function result(name: string, metrics: BenchResult['metrics']): BenchResult {
  return { name, title: `${name} title`, finishedAt: '2026-01-01T00:00:00.000Z', machine, metrics, rows: [{ phase: 'a|b', value: 1 }], notes: ['a note'] };
}

describe('benchmark report', () => {
  it('computes nearest-rank quantiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([quantile(sorted, 0.5), quantile(sorted, 0.99), quantile(sorted, 1)]).toEqual([50, 99, 100]);
    expect(summarize([3, 1, 2])).toMatchObject({ count: 3, p50: 2, max: 3, mean: 2 });
  });

  it('replaces only the generated section of the document', () => {
    const doc = `# Title\n\nhand-written\n\n${BEGIN}\nold numbers\n${END}\n\nafter\n`;
    const out = spliceNumbers(doc, renderNumbers([result('api-server', { writesPerSecond: 1234 })]));
    expect(out).not.toContain('old numbers');
    expect(out).toContain('hand-written');
    expect(out).toContain('after');
    expect(out).toContain('writesPerSecond: 1234');
    expect(out).toContain('| a\\|b | 1 |');
    expect(out).toContain('`npm run bench -- api-server`');
  });

  it('draws a bar per contender and names the failed one instead of a bar', () => {
    const fw = result('framework', {
      'raw.objectsPerSecond': 4000, 'framework.objectsPerSecond': 2500, 'dot-i.objectsPerSecond': null, 'dot-i.error': 'cannot start', 'kfc.objectsPerSecond': 1000,
      'raw.peakRssMiB': 90, 'framework.peakRssMiB': 100, 'dot-i.peakRssMiB': null, 'kfc.peakRssMiB': 120,
    });
    const panels = panelsFor([fw]);
    expect(panels[0]!.target?.value).toBe(2000);
    const svg = renderSvg('t', 's', panels);
    expect(svg.match(/<rect x=/g)?.length).toBe(6);
    expect(svg).toContain('cannot start');
    expect(svg).toContain('2,500');
  });
});

describe('benchmark goals', () => {
  it('judges each goal from the numbers, and says when a number is missing', () => {
    const rows = goalRows([
      result('api-server', { writesPerSecond: 2500, eventLatencyP99Ms: 35 }),
      result('framework', { 'raw.objectsPerSecond': 1000, 'framework.objectsPerSecond': 600, 'dot-i.objectsPerSecond': null, 'kfc.objectsPerSecond': 500, 'framework.peakRssMiB': 120 }),
    ]);
    expect(rows.map((r) => [r.goal, r.result])).toEqual([
      ['API server: ≥ 2,000 writes/s', 'met'],
      ['API server: event delivery p99 ≤ 20 ms, 10 watchers', 'missed'],
      ['Framework: ≥ 50% of the raw watch rate', 'met'],
      ['Framework: ahead of @dot-i/k8s-operator', 'no result'],
      ['Framework: ahead of kubernetes-fluent-client', 'met'],
      ['Framework: peak RSS < 150 MiB', 'met'],
    ]);
  });
});
