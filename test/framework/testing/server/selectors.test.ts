import { labelSelectorToString, parseLabelSelector, selectorMatcher } from '../../../../framework/testing/server/selectors.js';

const obj = (labels: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ metadata: { name: 'n', namespace: 'ns', labels }, ...extra });

describe('label selectors', () => {
  it.each([
    ['a=1', { a: '1' }, true],
    ['a==1', { a: '1' }, true],
    ['a=1', { a: '2' }, false],
    ['a!=1', { a: '2' }, true],
    ['a!=1', {}, true],
    ['a!=1', { a: '1' }, false],
    ['a in (1, 2)', { a: '2' }, true],
    ['a in (1,2)', { a: '3' }, false],
    ['a in (1,2)', {}, false],
    ['a notin (1,2)', { a: '3' }, true],
    ['a notin (1,2)', {}, true],
    ['a notin (1,2)', { a: '1' }, false],
    ['a', { a: '' }, true],
    ['a', {}, false],
    ['!a', {}, true],
    ['!a', { a: 'x' }, false],
    ['a=1,b in (x,y),!c', { a: '1', b: 'y' }, true],
    ['a=1,b in (x,y),!c', { a: '1', b: 'y', c: '' }, false],
    ['n>3', { n: '4' }, true],
    ['n<3', { n: '4' }, false],
  ])('%s on %j → %s', (selector, labels, expected) => {
    expect(selectorMatcher(selector, undefined)(obj(labels))).toBe(expected);
  });

  it('rejects what it cannot parse', () => {
    expect(() => parseLabelSelector('a in 1')).toThrow('unable to parse requirement');
  });

  it('renders a LabelSelector object', () => {
    expect(labelSelectorToString({ matchLabels: { app: 'w' }, matchExpressions: [{ key: 't', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'DoesNotExist' }] })).toBe('app=w,t in (a,b),!x');
  });
});

describe('field selectors', () => {
  it.each([
    ['metadata.name=n', true],
    ['metadata.name==n,metadata.namespace=ns', true],
    ['metadata.name!=n', false],
    ['involvedObject.kind=Pod', true],
    ['type=Warning', false],
    ['status.phase=', true],
  ])('%s → %s', (selector, expected) => {
    expect(selectorMatcher(undefined, selector)(obj({}, { involvedObject: { kind: 'Pod' }, type: 'Normal' }))).toBe(expected);
  });
});
