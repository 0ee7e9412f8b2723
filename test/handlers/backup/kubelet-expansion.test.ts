/** The test's stand-in for the kubelet must expand exactly as Kubernetes does, or the hostile tests prove nothing. */
import { expandKubeletReferences, resolveEnv, secretObject } from './support/kubelet.js';
import type { Container } from '../../../handlers/backup/batch-shapes.js';

test.each([
  ['$(A)', 'a'],
  ['x$(A)y', 'xay'],
  ['$$(A)', '$(A)'],
  ['$$$(A)', '$a'],
  ['$(MISSING)', '$(MISSING)'],
  ['$A', '$A'],
  ['$', '$'],
  ['a$', 'a$'],
  ['$(A', '$(A'],
  ['$(touch x)', '$(touch x)'],
])('%j expands to %j', (input, output) => {
  expect(expandKubeletReferences(input, { A: 'a' })).toBe(output);
});

test('env entries see only the entries before them; secretKeyRef reads the Secret', () => {
  const container = {
    env: [
      { name: 'FIRST', value: '$(SECOND)' },
      { name: 'SECOND', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      { name: 'THIRD', value: '$(SECOND)' },
    ],
  } as unknown as Container;
  expect(resolveEnv(container, [secretObject('s', { k: 'v' })])).toEqual({ FIRST: '$(SECOND)', SECOND: 'v', THIRD: 'v' });
  expect(() => resolveEnv(container, [])).toThrow(/secret s has no key k/);
});
