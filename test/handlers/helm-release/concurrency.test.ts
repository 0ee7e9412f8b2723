import { KeyedMutex, Semaphore } from '../../../handlers/helm-release/concurrency.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('Semaphore', () => {
  test('runs at most `limit` tasks at once and starts waiters in order', async () => {
    const semaphore = new Semaphore(2);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) => semaphore.run(async () => { started.push(i); await gate.promise; return i; }));
    await tick();
    expect(started).toEqual([0, 1]);
    expect(semaphore.inUse).toBe(2);
    gates[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(semaphore.inUse).toBe(0);
  });

  test('releases the slot when a task fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(semaphore.run(async () => 'next')).resolves.toBe('next');
  });

  test('rejects a limit below 1', () => {
    expect(() => new Semaphore(0)).toThrow(/>= 1/);
  });
});

describe('KeyedMutex', () => {
  test('serializes tasks of one key, runs other keys in parallel', async () => {
    const mutex = new KeyedMutex();
    const gate = deferred();
    const started: string[] = [];
    const first = mutex.run('a', async () => { started.push('a1'); await gate.promise; });
    const second = mutex.run('a', async () => { started.push('a2'); });
    const other = mutex.run('b', async () => { started.push('b1'); });
    await tick();
    expect(started).toEqual(['a1', 'b1']);
    expect(mutex.isBusy('a')).toBe(true);
    gate.resolve();
    await Promise.all([first, second, other]);
    expect(started).toEqual(['a1', 'b1', 'a2']);
    expect(mutex.isBusy('a')).toBe(false);
  });

  test('a failing task lets the next one run', async () => {
    const mutex = new KeyedMutex();
    const failing = mutex.run('a', async () => { throw new Error('boom'); });
    const next = mutex.run('a', async () => 'ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });
});
