import type { KubeClient, KubeObject, PatchOptions, PatchType, ResourceRef } from '../../../framework/client/types.js';
import { upsertCondition, type Condition } from '../../../framework/status/conditions.js';
import { isContainedIn, StatusWriter } from '../../../framework/status/status-writer.js';
import { buildEvent } from '../../../framework/status/events.js';

const T0 = new Date('2026-01-01T00:00:00Z');
const T1 = new Date('2026-01-01T01:00:00Z');
const ready = (status: Condition['status'], reason = 'Ok', message = 'fine', observedGeneration = 1): Condition => ({
  type: 'Ready', status, reason, message, lastTransitionTime: T0.toISOString(), observedGeneration,
});

describe('upsertCondition', () => {
  it('adds a condition that was not there', () => {
    const { conditions, changed } = upsertCondition(undefined, { type: 'Ready', status: 'True', reason: 'Ok', message: 'fine' }, 1, T0);
    expect(changed).toBe(true);
    expect(conditions).toEqual([ready('True')]);
  });

  it('reports no change when nothing differs (and keeps the transition time)', () => {
    const { changed, conditions } = upsertCondition([ready('True')], { type: 'Ready', status: 'True', reason: 'Ok', message: 'fine' }, 1, T1);
    expect(changed).toBe(false);
    expect(conditions[0]!.lastTransitionTime).toBe(T0.toISOString());
  });

  it('keeps lastTransitionTime when only the message or generation changes', () => {
    const { changed, conditions } = upsertCondition([ready('True')], { type: 'Ready', status: 'True', reason: 'Ok', message: 'still fine' }, 2, T1);
    expect(changed).toBe(true);
    expect(conditions[0]).toEqual({ ...ready('True', 'Ok', 'still fine', 2) });
  });

  it('moves lastTransitionTime when the status changes, leaving other conditions alone', () => {
    const other: Condition = { type: 'Synced', status: 'True', reason: 'R', message: 'm', lastTransitionTime: T0.toISOString() };
    const { conditions } = upsertCondition([other, ready('True')], { type: 'Ready', status: 'False', reason: 'Broken', message: 'no' }, 1, T1);
    expect(conditions).toEqual([other, { type: 'Ready', status: 'False', reason: 'Broken', message: 'no', lastTransitionTime: T1.toISOString(), observedGeneration: 1 }]);
  });
});

/** Records status patches and answers like the API server's merge of `status`. */
class RecordingClient implements Pick<KubeClient, 'patch'> {
  readonly patches: unknown[] = [];
  constructor(public object: KubeObject) {}
  patch<T extends KubeObject>(_r: ResourceRef, _n: string, _ns: string | undefined, patch: unknown, type: PatchType, options?: PatchOptions): Promise<T> {
    expect(type).toBe('merge');
    expect(options?.subresource).toBe('status');
    this.patches.push(patch);
    const status = (patch as { status: Record<string, unknown> }).status;
    this.object = { ...this.object, status: { ...(this.object.status as object), ...status } };
    return Promise.resolve(this.object as T);
  }
}

describe('StatusWriter', () => {
  const resource: ResourceRef = { group: 'x', version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true };
  const start: KubeObject = { apiVersion: 'x/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'n', generation: 3 } };

  it('writes a condition once and not again while it is unchanged', async () => {
    const client = new RecordingClient(start);
    const writer = new StatusWriter(client as unknown as KubeClient, resource, start, () => T0.getTime());
    await writer.setCondition({ type: 'Ready', status: 'True', reason: 'Ok', message: 'fine' });
    await writer.setCondition({ type: 'Ready', status: 'True', reason: 'Ok', message: 'fine' });
    expect(client.patches).toEqual([{ status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Ok', message: 'fine', lastTransitionTime: T0.toISOString(), observedGeneration: 3 }] } }]);
    await writer.setCondition({ type: 'Ready', status: 'False', reason: 'Down', message: 'no' });
    expect(client.patches).toHaveLength(2);
  });

  it('patches status only when a field would change', async () => {
    const client = new RecordingClient(start);
    const writer = new StatusWriter(client as unknown as KubeClient, resource, start, () => T0.getTime());
    await writer.patchStatus({ phase: 'Ready', endpoint: { host: 'h' } });
    await writer.patchStatus({ phase: 'Ready' });
    await writer.patchStatus({ endpoint: { host: 'h' } });
    expect(client.patches).toHaveLength(1);
  });

  test.each([
    [{ a: 1 }, { a: 1, b: 2 }, true],
    [{ a: { b: [1] } }, { a: { b: [1], c: 1 } }, true],
    [{ a: { b: [1] } }, { a: { b: [1, 2] } }, false],
    [{ gone: null }, { a: 1 }, true],
    [{ gone: null }, { gone: 1 }, false],
    [{ a: 1 }, undefined, false],
  ])('isContainedIn(%j, %j) = %s', (patch, target, expected) => {
    expect(isContainedIn(patch, target)).toBe(expected);
  });
});

describe('buildEvent', () => {
  it('builds a core/v1 Event about the object, cutting long messages in the middle', () => {
    const object: KubeObject = { apiVersion: 'x/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'n', uid: 'u1', resourceVersion: '7' } };
    const event = buildEvent(object, 'Warning', 'PermanentError', 'x'.repeat(2000), { component: 'test.example.com', instance: 'pod-1' }, T0);
    expect(event).toMatchObject({
      apiVersion: 'v1', kind: 'Event', metadata: { generateName: 'w.', namespace: 'n' },
      involvedObject: { apiVersion: 'x/v1', kind: 'Widget', name: 'w', namespace: 'n', uid: 'u1' },
      type: 'Warning', reason: 'PermanentError', source: { component: 'test.example.com' }, reportingInstance: 'pod-1', count: 1,
    });
    expect((event.message as string).length).toBeLessThanOrEqual(1024);
    expect(event.message).toContain('...');
  });
});
