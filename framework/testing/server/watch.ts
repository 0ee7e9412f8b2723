/**
 * Watch streams: chunked newline-delimited JSON events, replay after a resourceVersion (410 when it
 * is older than the retained history), initial ADDED events for RV ""/"0", BOOKMARKs, timeoutSeconds.
 * A stream stays open until the client goes, the timeout passes, or a fault drops it.
 */
import { type ServerResponse } from 'node:http';
import { type KubeObject } from '../../client/types.js';
import { errors } from './errors.js';
import { type ObjectService } from './objects.js';
import { type ResourceType, apiVersionOf, storageKey } from './registry.js';
import { type Matcher } from './selectors.js';
import { type StoreEvent } from './store.js';
import { type IncludeObject, partialObjectMetadata, toTable } from './table.js';

export interface WatchRequest {
  t: ResourceType;
  namespace?: string;
  matcher: Matcher;
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  /** Set when the client asked for Table events. */
  table?: IncludeObject;
  /** PartialObjectMetadata events (metadata-only watch). */
  metadataOnly?: boolean;
}

export class WatchHub {
  private readonly open = new Set<() => void>();
  private readonly byType = new Map<() => void, ResourceType>();

  constructor(private readonly service: ObjectService, private readonly bookmarkIntervalMs: number) {}

  /** Ends all open streams; returns how many there were. */
  dropAll(): number {
    const n = this.open.size;
    for (const end of [...this.open]) end();
    return n;
  }

  /** Ends the streams of resources that are no longer served (their CRD was deleted). */
  dropUnserved(isServed: (t: ResourceType) => boolean): void {
    for (const [end, t] of [...this.byType]) if (!isServed(t)) end();
  }

  get openCount(): number {
    return this.open.size;
  }

  /** Validates the request (throws 410 before any byte is written), then streams. */
  serve(req: WatchRequest, res: ServerResponse): void {
    const { t } = req;
    const store = this.service.store;
    const key = storageKey(t);
    const rvText = req.resourceVersion ?? '';
    const initial = rvText === '' || rvText === '0' || req.sendInitialEvents === true;
    let backlog: StoreEvent[] | KubeObject[];
    if (initial) backlog = this.service.list(t, req.namespace);
    else {
      const rv = Number(rvText);
      if (!Number.isFinite(rv)) throw errors.badRequest(`invalid resourceVersion "${rvText}"`);
      const events = store.eventsSince(key, rv);
      if (events === 'expired') throw errors.expired(rvText, String(store.oldestResumableRv(key)));
      backlog = events;
    }

    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    // Like kube-apiserver, only the first Table event carries the column definitions.
    let firstTable = true;
    const send = (type: string, obj: KubeObject): void => {
      if (!req.table && !req.metadataOnly) {
        res.write(eventLine(type, obj));
        return;
      }
      const object = req.table ? toTable(t, [obj], { resourceVersion: obj.metadata.resourceVersion }, req.table, firstTable) : partialObjectMetadata(obj);
      firstTable = false;
      res.write(`${JSON.stringify({ type, object })}\n`);
    };
    const deliver = (e: StoreEvent): void => {
      const o = this.service.view(t, e.object);
      const now = req.matcher(o as Record<string, unknown>);
      if (e.type !== 'MODIFIED' || !e.previous) {
        if (now) send(e.type, o);
        return;
      }
      const before = req.matcher(e.previous as Record<string, unknown>);
      if (now) send(before ? 'MODIFIED' : 'ADDED', o);
      else if (before) send('DELETED', o);
    };
    // History is kept per resource, across namespaces: a namespaced watch replays only its own.
    const inScope = (e: StoreEvent): boolean => !t.namespaced || !req.namespace || e.object.metadata.namespace === req.namespace;
    for (const item of backlog) {
      if ('type' in item && 'rv' in item) {
        if (inScope(item as StoreEvent)) deliver(item as StoreEvent);
      }
      else if (req.matcher(item as Record<string, unknown>)) send('ADDED', item as KubeObject);
    }
    const bookmark = (annotations?: Record<string, string>): void => {
      res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: t.kind, apiVersion: apiVersionOf(t), metadata: { resourceVersion: String(store.currentRv()), ...(annotations ? { annotations } : {}) } } })}\n`);
    };
    if (req.allowBookmarks && req.sendInitialEvents) bookmark({ 'k8s.io/initial-events-end': 'true' });

    const unsubscribe = store.watch(key, { namespace: t.namespaced ? req.namespace : undefined, deliver });
    const timers: NodeJS.Timeout[] = [];
    if (req.allowBookmarks) timers.push(setInterval(() => bookmark(), this.bookmarkIntervalMs));
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      unsubscribe();
      for (const timer of timers) clearTimeout(timer);
      this.open.delete(end);
      this.byType.delete(end);
      if (!res.writableEnded) res.end();
    };
    if (req.timeoutSeconds !== undefined && req.timeoutSeconds > 0) timers.push(setTimeout(end, req.timeoutSeconds * 1000));
    this.open.add(end);
    this.byType.set(end, t);
    res.on('close', end);
  }
}

/**
 * Stored objects are immutable once written, so the NDJSON line of one event is serialised once and
 * shared by every watcher that receives it as the same event type.
 */
const eventLines = new WeakMap<KubeObject, Map<string, string>>();

function eventLine(type: string, object: KubeObject): string {
  let byType = eventLines.get(object);
  if (!byType) {
    byType = new Map();
    eventLines.set(object, byType);
  }
  let line = byType.get(type);
  if (line === undefined) {
    line = `${JSON.stringify({ type, object })}\n`;
    byType.set(type, line);
  }
  return line;
}
