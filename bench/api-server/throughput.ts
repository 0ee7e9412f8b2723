/**
 * API server throughput: 10,000 ConfigMaps created over keep-alive HTTPS by concurrent writers,
 * watched by 10 watchers in another process, then listed. Reports writes/s, list latency, event
 * delivery latency (writer's timestamp → watcher's parse) and the server's RSS.
 */
import { join } from 'node:path';
import { BenchHttp, wallNow } from '../lib/http-client.js';
import { DIST_BENCH } from '../lib/paths.js';
import { knob, startServerProcess } from '../lib/processes.js';
import { publish } from '../lib/results.js';
import { RpcChild } from '../lib/rpc.js';
import { mib, round, summarize, type LatencySummary } from '../lib/stats.js';

const OBJECTS = knob('BENCH_CONFIGMAPS', 10_000);
const WRITERS = knob('BENCH_WRITERS', 16);
const WATCHERS = knob('BENCH_WATCHERS', 10);
const LISTS = 5;
const NS = 'bench';

async function main(): Promise<void> {
  const { child: server, info } = await startServerProcess({});
  const http = new BenchHttp(info, WRITERS);
  const watchers = RpcChild.start(join(DIST_BENCH, 'api-server', 'watch-clients.js'), 'watchers');
  try {
    await http.json('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    const start = await http.json<{ metadata: { resourceVersion: string } }>('GET', `/api/v1/namespaces/${NS}/configmaps`);
    await watchers.call('open', info, `/api/v1/namespaces/${NS}/configmaps?watch=true&resourceVersion=${start.metadata.resourceVersion}`, WATCHERS);
    await server.call('resetPeak');

    const writeLatencies: number[] = [];
    let next = 0;
    const writer = async (): Promise<void> => {
      while (next < OBJECTS) {
        const i = next++;
        const sentAt = wallNow();
        await http.json('POST', `/api/v1/namespaces/${NS}/configmaps`, {
          apiVersion: 'v1', kind: 'ConfigMap',
          metadata: { name: `cm-${i}`, labels: { bench: 'throughput' } },
          data: { sentAt: String(sentAt), payload: 'x'.repeat(200) },
        });
        writeLatencies.push(wallNow() - sentAt);
      }
    };
    const t0 = wallNow();
    await Promise.all(Array.from({ length: WRITERS }, writer));
    const writeSeconds = (wallNow() - t0) / 1000;
    const delivered = await watchers.call<{ received: number[]; latency: LatencySummary; rss: number }>('waitFor', OBJECTS, 120_000);
    const deliveredAll = wallNow();

    const listLatencies: number[] = [];
    for (let i = 0; i < LISTS; i++) {
      const t = wallNow();
      const list = await http.json<{ items: unknown[] }>('GET', `/api/v1/namespaces/${NS}/configmaps`);
      listLatencies.push(wallNow() - t);
      if (list.items.length !== OBJECTS) throw new Error(`list returned ${list.items.length} of ${OBJECTS} ConfigMaps`);
    }
    const pageLatencies: number[] = [];
    for (let i = 0; i < LISTS; i++) {
      const t = wallNow();
      await http.json('GET', `/api/v1/namespaces/${NS}/configmaps?limit=500`);
      pageLatencies.push(wallNow() - t);
    }
    const rss = await server.call<{ rss: number; peak: number }>('rss');
    const writes = summarize(writeLatencies);
    const list = summarize(listLatencies);
    const page = summarize(pageLatencies);
    const writesPerSecond = round(OBJECTS / writeSeconds, 0);
    const allReceived = delivered.received.every((n) => n >= OBJECTS);
    publish({
      name: 'api-server',
      title: `Local API server: ${OBJECTS} ConfigMaps over HTTPS, ${WRITERS} concurrent writers, ${WATCHERS} watchers`,
      metrics: {
        writesPerSecond,
        writeLatencyP50Ms: writes.p50,
        writeLatencyP99Ms: writes.p99,
        listAllP50Ms: list.p50,
        listPage500P50Ms: page.p50,
        eventLatencyP50Ms: delivered.latency.p50,
        eventLatencyP99Ms: delivered.latency.p99,
        eventsDelivered: delivered.latency.count,
        allEventsDelivered: allReceived,
        drainAfterLastWriteMs: round(deliveredAll - t0 - writeSeconds * 1000, 0),
        serverRssMiB: mib(rss.rss),
        serverPeakRssMiB: mib(Math.max(rss.peak, rss.rss)),
        targetWritesPerSecond: 2000,
        targetEventP99Ms: 20,
      },
      rows: [
        { phase: `create ${OBJECTS}`, count: writes.count, 'rate/s': writesPerSecond, 'p50 ms': writes.p50, 'p99 ms': writes.p99, 'max ms': writes.max },
        { phase: `watch events (${WATCHERS} watchers)`, count: delivered.latency.count, 'rate/s': round(delivered.latency.count / ((deliveredAll - t0) / 1000), 0), 'p50 ms': delivered.latency.p50, 'p99 ms': delivered.latency.p99, 'max ms': delivered.latency.max },
        { phase: `list all ${OBJECTS}`, count: list.count, 'rate/s': null, 'p50 ms': list.p50, 'p99 ms': list.p99, 'max ms': list.max },
        { phase: 'list limit=500', count: page.count, 'rate/s': null, 'p50 ms': page.p50, 'p99 ms': page.p99, 'max ms': page.max },
      ],
      notes: [
        'Writers: one process, keep-alive HTTPS (node:https Agent), POST per ConfigMap (~300 bytes of data). Watchers: another process, one watch stream each, started before the first write.',
        'Event latency: the writer puts its wall-clock send time in the ConfigMap; each watcher subtracts it from the time it parsed the ADDED line. It includes the request\'s queueing at the server while all writers run flat out.',
        `Server RSS is the API server process alone, after ${OBJECTS} objects and ${OBJECTS * WATCHERS} delivered events.`,
        allReceived ? 'Every watcher received every ADDED event.' : `Missing events: watchers received ${delivered.received.join(', ')} of ${OBJECTS}.`,
      ],
    });
  } finally {
    http.close();
    await watchers.call('close').catch(() => undefined);
    await watchers.stop();
    await server.call('stop').catch(() => undefined);
    await server.stop();
  }
}

await main();
