import type { KubeObject, ResourceRef } from '../../../framework/client/types.js';
import { essenceOf } from '../../../framework/causes/essence.js';
import { needsFinalizer, selectChangeHandlers, type SelectionInput } from '../../../framework/causes/select-handlers.js';
import type { Trigger } from '../../../framework/decorators/handler-spec.js';
import type { HandlerDefinition } from '../../../framework/registry/handler-definition.js';

const WIDGETS: ResourceRef = { group: 'test.example.com', version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true };
const PREFIX = 'test.example.com';

function handler(id: string, triggers: Trigger[], options: HandlerDefinition['options'] = {}): HandlerDefinition {
  return { id, className: 'T', methodName: id, resource: WIDGETS, triggers, options, invoke: async () => undefined };
}

const onCreate = handler('create', [{ kind: 'create' }]);
const onUpdate = handler('update', [{ kind: 'update' }]);
const onBackup = handler('backup', [{ kind: 'field', path: ['spec', 'backup'] }]);
const onResume = handler('resume', [{ kind: 'resume' }]);
const createResumeField = handler('combo', [{ kind: 'create' }, { kind: 'resume' }, { kind: 'field', path: ['spec', 'backup'] }]);
const onDelete = handler('delete', [{ kind: 'delete' }]);
const labelled = handler('labelled', [{ kind: 'create' }], { labels: { tier: 'gold' } });
const all = [onCreate, onUpdate, onBackup, onResume, createResumeField, onDelete, labelled];

const widget = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'test.example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'n' }, spec });
const before = widget({ size: 1, backup: { schedule: '@daily' } });

function select(overrides: Partial<SelectionInput>) {
  return selectChangeHandlers({ cause: 'noop', object: before, diffBase: essenceOf(before, PREFIX), isInitialListing: false, annotationPrefix: PREFIX, handlers: all, ...overrides })
    .map((s) => `${s.handler.id}:${s.cause}`);
}

describe('selectChangeHandlers', () => {
  const cases: [string, Partial<SelectionInput>, string[]][] = [
    ['noop runs nothing', {}, []],
    ['create runs create handlers once each, in order', { cause: 'create', diffBase: undefined }, ['create:create', 'combo:create']],
    ['create on first listing adds resume handlers', { cause: 'create', diffBase: undefined, isInitialListing: true }, ['create:create', 'resume:resume', 'combo:create']],
    ['resume runs resume handlers', { cause: 'resume', isInitialListing: true }, ['resume:resume', 'combo:resume']],
    ['update of another field skips field handlers', { cause: 'update', object: widget({ size: 2, backup: { schedule: '@daily' } }) }, ['update:update']],
    ['update of the field runs field handlers', { cause: 'update', object: widget({ size: 1, backup: { schedule: '@hourly' } }) }, ['update:update', 'backup:field', 'combo:field']],
    ['delete runs delete handlers', { cause: 'delete' }, ['delete:delete']],
  ];
  test.each(cases)('%s', (_name, overrides, expected) => {
    expect(select(overrides)).toEqual(expected);
  });

  it('gives field handlers the old and new values at their path and a narrowed diff', () => {
    const [field] = selectChangeHandlers({
      cause: 'update', object: widget({ size: 1, backup: { schedule: '@hourly' } }), diffBase: essenceOf(before, PREFIX),
      isInitialListing: false, annotationPrefix: PREFIX, handlers: [onBackup],
    });
    expect(field).toMatchObject({ cause: 'field', old: { schedule: '@daily' }, new: { schedule: '@hourly' }, diff: [{ op: 'change', path: ['schedule'], old: '@daily', new: '@hourly' }] });
  });

  it('applies label filters', () => {
    const gold = { ...before, metadata: { ...before.metadata, labels: { tier: 'gold' } } };
    expect(selectChangeHandlers({ cause: 'create', object: gold, diffBase: undefined, isInitialListing: false, annotationPrefix: PREFIX, handlers: [labelled] })).toHaveLength(1);
    expect(selectChangeHandlers({ cause: 'create', object: before, diffBase: undefined, isInitialListing: false, annotationPrefix: PREFIX, handlers: [labelled] })).toHaveLength(0);
  });

  it('needs the finalizer only when a delete handler applies', () => {
    expect(needsFinalizer(all, before)).toBe(true);
    expect(needsFinalizer([onCreate, onUpdate], before)).toBe(false);
    expect(needsFinalizer([handler('d', [{ kind: 'delete' }], { when: () => false })], before)).toBe(false);
  });
});
