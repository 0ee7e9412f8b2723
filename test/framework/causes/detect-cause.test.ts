import type { KubeObject } from '../../../framework/client/types.js';
import { detectCause, type CauseInput } from '../../../framework/causes/detect-cause.js';
import { essenceOf } from '../../../framework/causes/essence.js';

const PREFIX = 'test.example.com';
const FINALIZER = `${PREFIX}/finalizer`;

function widget(spec: Record<string, unknown>, metadata: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: 'test.example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns', ...metadata }, spec };
}

const base = widget({ size: 1 });
const handledBase = essenceOf(base, PREFIX);
const deleting = (finalizers: string[]) => widget({ size: 1 }, { deletionTimestamp: '2026-01-01T00:00:00Z', finalizers });

const cases: [string, Partial<CauseInput>, ReturnType<typeof detectCause>][] = [
  ['object gone', { object: undefined }, 'gone'],
  ['deleting with our finalizer and delete handlers', { object: deleting([FINALIZER]), hasDeleteHandlers: true }, 'delete'],
  ['deleting with our finalizer but no delete handlers', { object: deleting([FINALIZER]), hasDeleteHandlers: false }, 'noop'],
  ['deleting without our finalizer', { object: deleting(['other.io/f']), hasDeleteHandlers: true }, 'noop'],
  ['deleting, never handled, with finalizer', { object: deleting([FINALIZER]), diffBase: undefined, hasDeleteHandlers: true }, 'delete'],
  ['never handled', { object: base, diffBase: undefined }, 'create'],
  ['never handled, first listing', { object: base, diffBase: undefined, isInitialListing: true }, 'create'],
  ['unchanged, first listing', { object: base, isInitialListing: true }, 'resume'],
  ['unchanged, later event', { object: base }, 'noop'],
  ['spec changed', { object: widget({ size: 2 }) }, 'update'],
  ['spec changed, first listing', { object: widget({ size: 2 }), isInitialListing: true }, 'update'],
  ['label added', { object: widget({ size: 1 }, { labels: { tier: 'a' } }) }, 'update'],
  ['only status changed', { object: { ...base, status: { phase: 'Ready' } } }, 'noop'],
  ['only our annotations changed', { object: widget({ size: 1 }, { annotations: { [`${PREFIX}/progress.x`]: '{}' } }) }, 'noop'],
  ['only noisy metadata changed', { object: widget({ size: 1 }, { resourceVersion: '9', generation: 4, uid: 'u', managedFields: [{}], finalizers: [FINALIZER] }) }, 'noop'],
  ['kubectl last-applied changed', { object: widget({ size: 1 }, { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } }) }, 'noop'],
  ['a user annotation under our prefix added', { object: widget({ size: 1 }, { annotations: { [`${PREFIX}/take-ownership`]: 'true' } }) }, 'update'],
  ['foreign annotation added', { object: widget({ size: 1 }, { annotations: { 'other.io/x': 'y' } }) }, 'update'],
];

describe('detectCause', () => {
  test.each(cases)('%s', (_name, overrides, expected) => {
    const input: CauseInput = {
      object: base,
      diffBase: handledBase,
      hasDeleteHandlers: false,
      finalizer: FINALIZER,
      isInitialListing: false,
      annotationPrefix: PREFIX,
      ...overrides,
    };
    expect(detectCause(input)).toBe(expected);
  });
});
