import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { ApiError, type KubeObject, type ResourceRef } from '../../../framework/client/types.js';
import { Watcher, type WatcherEvent } from '../../../framework/watch/watcher.js';
import { idle, obj, ScriptedClient, type WatchCall } from './scripted-client.js';
import { waitFor } from './wait-for.js';

const WIDGETS: ResourceRef = { group: 'example.com', version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true };

let watcher: Watcher<KubeObject> | undefined;
afterEach(async () => {
  await watcher?.stop();
  watcher = undefined;
  jest.useRealTimers();
});

function track(client: ScriptedClient, options: Partial<ConstructorParameters<typeof Watcher>[0]> = {}): string[] {
  watcher = new Watcher<KubeObject>({ client, resource: WIDGETS, namespaces: 'all', backoff: { initialMs: 1, maxMs: 2 }, ...options });
  const seen: string[] = [];
  watcher.onEvent((event: WatcherEvent<KubeObject>) => seen.push(`${event.type} ${event.object.metadata.name}@${event.object.metadata.resourceVersion}`));
  return seen;
}

describe('Watcher', () => {
  it('lists every page, emits ADDED for each object, and then watches from the list resourceVersion with bookmarks', async () => {
    const client = new ScriptedClient();
    client.lists.push(
      () => ({ items: [obj('a', '3')], resourceVersion: '9', continue: 'page2' }),
      (options) => {
        expect(options.continue).toBe('page2');
        return { items: [obj('b', '4')], resourceVersion: '10' };
      },
    );
    const seen = track(client, { labelSelector: 'app=x' });
    expect(watcher!.hasSynced()).toBe(false);
    await watcher!.start();
    expect(watcher!.hasSynced()).toBe(true);
    expect(seen).toEqual(['ADDED a@3', 'ADDED b@4']);
    await waitFor('the first watch call', () => client.watchCalls.length === 1);
    expect(client.watchCalls[0]).toMatchObject({ resourceVersion: '10', allowWatchBookmarks: true, labelSelector: 'app=x', namespace: undefined });
    expect(client.listCalls[0]).toMatchObject({ labelSelector: 'app=x', limit: 500 });
    expect(watcher!.cached().map((o) => o.metadata.name).sort()).toEqual(['a', 'b']);
  });

  it('resumes from the last event resourceVersion after the stream closes, without relisting', async () => {
    const client = new ScriptedClient();
    client.objects = [obj('a', '1')];
    client.listResourceVersion = '5';
    client.watches.push(async ({ emit }) => {
      emit({ type: 'MODIFIED', object: obj('a', '6') });
      emit({ type: 'ADDED', object: obj('b', '7') });
    });
    const seen = track(client);
    await watcher!.start();
    await waitFor('the second watch call', () => client.watchCalls.length === 2);
    expect(client.watchCalls[1].resourceVersion).toBe('7');
    expect(client.listCalls).toHaveLength(1);
    expect(seen).toEqual(['ADDED a@1', 'MODIFIED a@6', 'ADDED b@7']);
  });

  it('advances the resourceVersion on bookmarks without emitting anything', async () => {
    const client = new ScriptedClient();
    client.watches.push(async ({ emit }) => {
      emit({ type: 'BOOKMARK', object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { resourceVersion: '42' } } });
    });
    const seen = track(client);
    await watcher!.start();
    await waitFor('the second watch call', () => client.watchCalls.length === 2);
    expect(client.watchCalls[1].resourceVersion).toBe('42');
    expect(seen).toEqual([]);
  });

  it('on 410 Gone relists and emits only the differences against its cache', async () => {
    const client = new ScriptedClient();
    client.objects = [obj('same', '1'), obj('changed', '1'), obj('vanished', '1')];
    let expire!: () => void;
    const expired = new Promise<void>((resolve) => (expire = resolve));
    client.watches.push(async () => {
      await expired;
      throw new ApiError(410, 'Expired', 'too old resource version');
    });
    const seen = track(client);
    await watcher!.start();
    expect(seen).toEqual(['ADDED same@1', 'ADDED changed@1', 'ADDED vanished@1']);
    seen.length = 0;
    client.objects = [obj('same', '1'), obj('changed', '8'), obj('new', '9')];
    client.listResourceVersion = '20';
    expire();
    await waitFor('the watch after the relist', () => client.watchCalls.length === 2);
    expect(client.listCalls).toHaveLength(2);
    expect(client.watchCalls[1].resourceVersion).toBe('20');
    expect(seen.sort()).toEqual(['ADDED new@9', 'DELETED vanished@1', 'MODIFIED changed@8']);
    expect(watcher!.cached().map((o) => o.metadata.name).sort()).toEqual(['changed', 'new', 'same']);
  });

  it('does not emit an event twice when a watch replays an object version it already has', async () => {
    const client = new ScriptedClient();
    client.objects = [obj('a', '3')];
    client.watches.push(async ({ emit }) => {
      emit({ type: 'ADDED', object: obj('a', '3') });
      emit({ type: 'DELETED', object: obj('a', '4') });
      emit({ type: 'DELETED', object: obj('a', '4') });
    });
    const seen = track(client);
    await watcher!.start();
    await waitFor('the second watch call', () => client.watchCalls.length === 2);
    expect(seen).toEqual(['ADDED a@3', 'DELETED a@4']);
  });

  it('restarts a watch that stays silent for silenceTimeoutMs, from the same resourceVersion', async () => {
    const client = new ScriptedClient();
    client.listResourceVersion = '11';
    track(client, { silenceTimeoutMs: 30 });
    await watcher!.start();
    await waitFor('a restarted watch', () => client.watchCalls.length >= 2);
    expect(client.watchCalls[1].resourceVersion).toBe('11');
    expect(client.listCalls).toHaveLength(1);
  });

  it('keeps a watch that delivers bookmarks within the silence timeout', async () => {
    jest.useFakeTimers();
    const client = new ScriptedClient();
    client.watches.push(async (call) => {
      for (let i = 1; i <= 5; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 800));
        call.emit({ type: 'BOOKMARK', object: { apiVersion: 'v1', kind: 'Widget', metadata: { resourceVersion: String(100 + i) } } });
      }
      await idle(call);
    });
    track(client, { silenceTimeoutMs: 1_000 });
    await watcher!.start();
    await jest.advanceTimersByTimeAsync(4_500);
    expect(client.watchCalls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(client.watchCalls).toHaveLength(2);
    expect(client.watchCalls[1].resourceVersion).toBe('105');
  });

  it('waits for Retry-After on 429 before watching again', async () => {
    jest.useFakeTimers();
    const client = new ScriptedClient();
    client.watches.push(async () => {
      throw new ApiError(429, 'TooManyRequests', 'slow down', 7);
    });
    track(client, { backoff: { initialMs: 10, maxMs: 10 } });
    await watcher!.start();
    await jest.advanceTimersByTimeAsync(6_990);
    expect(client.watchCalls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(20);
    expect(client.watchCalls).toHaveLength(2);
  });

  it('backs off exponentially on connection errors, capped, and starts over after a healthy stream', async () => {
    jest.useFakeTimers();
    const client = new ScriptedClient();
    const refused = async (): Promise<void> => {
      throw new Error('connect ECONNREFUSED');
    };
    const healthy = async ({ emit }: WatchCall): Promise<void> => emit({ type: 'MODIFIED', object: obj('a', '50') });
    client.watches.push(refused, refused, refused, healthy, refused);
    track(client, { backoff: { initialMs: 100, maxMs: 250 }, random: () => 0 });
    await watcher!.start();
    const expectCallsAfter = async (ms: number, calls: number): Promise<void> => {
      await jest.advanceTimersByTimeAsync(ms - 1);
      expect(client.watchCalls).toHaveLength(calls - 1);
      await jest.advanceTimersByTimeAsync(1);
      expect(client.watchCalls).toHaveLength(calls);
    };
    expect(client.watchCalls).toHaveLength(1);
    await expectCallsAfter(100, 2);
    await expectCallsAfter(200, 3);
    // Capped at 250 ms; that fourth watch is healthy, so the fifth follows at once from its resourceVersion.
    await jest.advanceTimersByTimeAsync(249);
    expect(client.watchCalls).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(client.watchCalls).toHaveLength(5);
    expect(client.watchCalls[4].resourceVersion).toBe('50');
    await expectCallsAfter(100, 6);
  });

  it('adds at most 20 % jitter to the backoff', async () => {
    jest.useFakeTimers();
    const client = new ScriptedClient();
    client.watches.push(async () => {
      throw new Error('socket hang up');
    });
    track(client, { backoff: { initialMs: 1_000, maxMs: 10_000 }, random: () => 0.999 });
    await watcher!.start();
    await jest.advanceTimersByTimeAsync(1_198);
    expect(client.watchCalls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(2);
    expect(client.watchCalls).toHaveLength(2);
  });

  it('retries a failing initial list and only then reports synced', async () => {
    const client = new ScriptedClient();
    client.lists.push(() => {
      throw new Error('connect ECONNREFUSED');
    });
    client.objects = [obj('a', '1')];
    const seen = track(client);
    await watcher!.start();
    expect(client.listCalls).toHaveLength(2);
    expect(seen).toEqual(['ADDED a@1']);
  });

  it('runs one list and watch per namespace when given a list', async () => {
    const client = new ScriptedClient();
    client.objects = [obj('a', '1', 'ns1'), obj('b', '2', 'ns2'), obj('c', '3', 'ns3')];
    const seen = track(client, { namespaces: ['ns1', 'ns2'] });
    await watcher!.start();
    expect(seen.sort()).toEqual(['ADDED a@1', 'ADDED b@2']);
    await waitFor('two watches', () => client.watchCalls.length === 2);
    expect(client.watchCalls.map((c) => c.namespace).sort()).toEqual(['ns1', 'ns2']);
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const client = new ScriptedClient();
    client.objects = [obj('a', '1'), obj('b', '2')];
    watcher = new Watcher<KubeObject>({ client, resource: WIDGETS, namespaces: 'all' });
    const seen: string[] = [];
    watcher.onEvent(() => {
      throw new Error('broken listener');
    });
    watcher.onEvent((event) => seen.push(event.object.metadata.name!));
    await watcher.start();
    expect(seen).toEqual(['a', 'b']);
  });

  it('stop() ends the running watch', async () => {
    const client = new ScriptedClient();
    let aborted = false;
    client.watches.push(async (call) => {
      await idle(call);
      aborted = true;
    });
    track(client);
    await watcher!.start();
    await waitFor('the watch call', () => client.watchCalls.length === 1);
    await watcher!.stop();
    expect(aborted).toBe(true);
  });
});
