/**
 * N watchers of one namespace's ConfigMaps, in their own process. Each records, for every ADDED
 * event, the delay between the writer's timestamp (data.sentAt) and the moment the event's line was
 * parsed here: the event delivery latency.
 */
import { Agent, request } from 'node:https';
import { type IncomingMessage } from 'node:http';
import { serveRpc } from '../lib/rpc.js';
import { summarize } from '../lib/stats.js';
import { type Endpoint, wallNow } from '../lib/http-client.js';

interface WatchLine {
  type: string;
  object: { metadata?: { name?: string }; data?: { sentAt?: string } };
}

const latencies: number[] = [];
const received: number[] = [];
const responses: IncomingMessage[] = [];
let agent: Agent | undefined;

function openWatch(endpoint: Endpoint, path: string, index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, endpoint.url), { agent, headers: { authorization: `Bearer ${endpoint.token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`watch ${index} → HTTP ${res.statusCode}`));
      responses.push(res);
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line.trim() === '') continue;
          const event = JSON.parse(line) as WatchLine;
          if (event.type !== 'ADDED') continue;
          const sentAt = Number(event.object.data?.sentAt);
          if (Number.isFinite(sentAt)) latencies.push(wallNow() - sentAt);
          received[index]!++;
        }
      });
      resolve();
    });
    req.on('error', reject);
    req.end();
  });
}

serveRpc({
  async open(endpoint: Endpoint, path: string, count: number) {
    agent = new Agent({ keepAlive: true, maxSockets: count, ...(endpoint.ca ? { ca: endpoint.ca } : {}) });
    for (let i = 0; i < count; i++) received.push(0);
    await Promise.all(received.map((_, i) => openWatch(endpoint, path, i)));
  },
  /** Polls until every watcher has seen `expected` ADDED events or `timeoutMs` passes. */
  async waitFor(expected: number, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (received.some((n) => n < expected) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return { received: [...received], latency: summarize(latencies), rss: process.memoryUsage.rss() };
  },
  close() {
    for (const r of responses) r.destroy();
    agent?.destroy();
  },
});
