import { applyJsonPatch, PatchError } from '../../../../framework/testing/patch/index.js';

const deployment = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } } };

function failure(call: () => unknown): PatchError {
  try {
    call();
  } catch (error) {
    if (error instanceof PatchError) return error;
    throw error;
  }
  throw new Error('expected a PatchError');
}

describe('applyJsonPatch (RFC 6902)', () => {
  it('applies add, replace, remove, copy, move and a passing test', () => {
    const result = applyJsonPatch(deployment, [
      { op: 'test', path: '/spec/replicas', value: 1 },
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/metadata/labels/tier', value: 'front' },
      { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'sidecar', image: 'busybox' } },
      { op: 'remove', path: '/metadata/labels/app' },
      { op: 'copy', from: '/metadata/name', path: '/metadata/annotations' },
      { op: 'move', from: '/metadata/annotations', path: '/metadata/generateName' },
    ]);
    expect(result).toEqual({
      metadata: { name: 'web', labels: { tier: 'front' }, generateName: 'web' },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'nginx' }, { name: 'sidecar', image: 'busybox' }] } } },
    });
    expect(deployment.spec.replicas).toBe(1);
  });

  it('answers 422 with kube\'s message when a test op fails', () => {
    const error = failure(() => applyJsonPatch(deployment, [{ op: 'test', path: '/spec/replicas', value: 5 }, { op: 'replace', path: '/spec/replicas', value: 9 }]));
    expect(error.status).toBe(422);
    expect(error.message).toBe('testing value /spec/replicas failed: test failed');
  });

  it.each([
    ['removing a missing path', [{ op: 'remove', path: '/spec/nothing' }], 422, /remove operation does not apply: doc is missing path: "\/spec\/nothing"/],
    ['replacing a missing path', [{ op: 'replace', path: '/status/x', value: 1 }], 422, /replace operation does not apply/],
    ['an unknown op', [{ op: 'frobnicate', path: '/spec' }], 422, /Unexpected kind: frobnicate/],
    ['a body that is not a list', { op: 'add', path: '/x', value: 1 }, 400, /cannot unmarshal object/],
    ['a list of non-objects', ['add'], 400, /non-object/],
  ])('rejects %s', (_title, operations, status, message) => {
    const error = failure(() => applyJsonPatch(deployment, operations));
    expect(error.status).toBe(status);
    expect(error.message).toMatch(message);
  });
});
