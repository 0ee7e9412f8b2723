/**
 * The local API server in a process of its own, driven over IPC: the benchmark's clients then
 * compete with it for CPU the way a real client and API server would, and its RSS is measured alone.
 */
import { type KubeObject } from '../../framework/client/types.js';
import { LocalApiServer, type LocalApiServerOptions } from '../../framework/testing/index.js';
import { serveRpc } from './rpc.js';

let server: LocalApiServer | undefined;
let peakRss = process.memoryUsage.rss();
setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50).unref();

function running(): LocalApiServer {
  if (!server) throw new Error('the server is not started');
  return server;
}

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

serveRpc({
  async start(opts: LocalApiServerOptions) {
    server = await LocalApiServer.start(opts);
    return { url: server.url, kubeconfig: server.kubeconfig(), token: server.adminToken, ca: server.caCertificate ?? null };
  },
  writeKubeconfig(path: string) {
    running().writeKubeconfig(path);
  },
  rss() {
    return { rss: process.memoryUsage.rss(), peak: peakRss };
  },
  resetPeak() {
    peakRss = process.memoryUsage.rss();
  },
  create(resource: string, obj: KubeObject) {
    return running().create(resource, obj);
  },
  /** Creates `count` objects directly in the store (no HTTP), in batches so watch streams keep flowing. */
  async createMany(resource: string, template: KubeObject, count: number, prefix: string) {
    const s = running();
    const startedAt = Date.now();
    for (let i = 0; i < count; i++) {
      const obj = structuredClone(template);
      obj.metadata = { ...obj.metadata, name: `${prefix}${i}` };
      s.create(resource, obj);
      if (i % 100 === 99) await new Promise((r) => setImmediate(r));
    }
    return { startedAt, finishedAt: Date.now() };
  },
  count(resource: string, namespace?: string) {
    return running().objects(resource, namespace).length;
  },
  objects(resource: string, namespace?: string) {
    return running().objects(resource, namespace);
  },
  logMark() {
    return running().requestLog.mark();
  },
  /** Requests since `mark`, grouped as writes per verb and resource, plus the write total. */
  requestsSince(mark: number) {
    const entries = running().requestLog.since(mark);
    const byVerb: Record<string, number> = {};
    let writes = 0;
    for (const e of entries) {
      const key = `${e.verb} ${e.resource ?? e.path}${e.subresource ? '/' + e.subresource : ''}`;
      byVerb[key] = (byVerb[key] ?? 0) + 1;
      if (WRITE_VERBS.has(e.verb)) writes++;
    }
    return { total: entries.length, writes, byVerb };
  },
  openWatches() {
    return running().openWatchCount;
  },
  async stop() {
    await server?.stop();
    server = undefined;
  },
});
