import type { KubeObject } from '../../../framework/client/types.js';
import { matchesFilters } from '../../../framework/causes/filters.js';
import { ABSENT, PRESENT, type HandlerOptions } from '../../../framework/decorators/handler-spec.js';

const object: KubeObject = { apiVersion: 'v1', kind: 'X', metadata: { name: 'x', labels: { a: '1' }, annotations: { note: 'yes' } } };

describe('matchesFilters', () => {
  const cases: [string, HandlerOptions, boolean][] = [
    ['no filters', {}, true],
    ['exact label', { labels: { a: '1' } }, true],
    ['wrong label value', { labels: { a: '2' } }, false],
    ['label present', { labels: { a: PRESENT } }, true],
    ['label absent but present', { labels: { a: ABSENT } }, false],
    ['label absent', { labels: { b: ABSENT } }, true],
    ['label predicate', { labels: { a: (v) => v === '1' } }, true],
    ['annotation present', { annotations: { note: PRESENT } }, true],
    ['annotation missing', { annotations: { other: PRESENT } }, false],
    ['when false', { when: () => false }, false],
    ['all AND-ed', { labels: { a: '1' }, when: (o) => o.metadata.name === 'y' }, false],
  ];
  test.each(cases)('%s', (_name, options, expected) => {
    expect(matchesFilters(options, object)).toBe(expected);
  });
});
