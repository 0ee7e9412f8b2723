/**
 * The HTTP face of the local API server: routes kube API paths to discovery, OpenAPI, the object
 * service and watches; negotiates content; enforces RBAC; applies injected faults; logs requests.
 */
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { type KubeObject } from '../../client/types.js';
import { type Authenticator, type ResourceAttributes, type UserInfo, ADMIN_USER } from './auth.js';
import { aggregatedContentType, aggregatedDiscovery, legacyApiVersions, legacyGroup, legacyGroupList, legacyResourceList, negotiateAggregated } from './discovery.js';
import { ApiStatusError, errors } from './errors.js';
import { type Faults } from './faults.js';
import { type DeleteOptions, type ObjectService, type WriteOptions, patchTypeOf } from './objects.js';
import { type OpenApiV3 } from './openapi.js';
import { PROTOBUF_CONTENT_TYPE, decodeProtobufBody } from './protobuf.js';
import { type ResourceRegistry, apiVersionOf } from './registry.js';
import { type RequestLog } from './request-log.js';
import { REVIEW_RESOURCES, answerReview } from './reviews.js';
import { type ResourceRequest, parseResourcePath } from './routing.js';
import { selectorMatcher } from './selectors.js';
import { type IncludeObject, partialObjectMetadata, toTable } from './table.js';
import { type WatchHub } from './watch.js';

type Json = Record<string, unknown>;

export interface ServerContext {
  registry: ResourceRegistry;
  service: ObjectService;
  openapi: OpenApiV3;
  watches: WatchHub;
  auth: Authenticator;
  log: RequestLog;
  faults: Faults;
  version: { major: string; minor: string };
  serverAddress: () => string;
}

class Reply {
  code = 200;
  constructor(readonly res: ServerResponse) {}

  json(code: number, body: unknown, contentType = 'application/json', extraHeaders: Record<string, string> = {}): void {
    this.code = code;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    this.res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...extraHeaders });
    this.res.end(text);
  }

  error(e: ApiStatusError): void {
    this.json(e.code, e.toStatus(), 'application/json', e.headers);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decodeBody(raw: Buffer, contentType: string): unknown {
  if (raw.length === 0) return undefined;
  const ct = contentType.split(';')[0].trim();
  if (ct === PROTOBUF_CONTENT_TYPE) return decodeProtobufBody(raw);
  const text = raw.toString('utf8');
  try {
    return ct === 'application/apply-patch+yaml' || ct === 'application/yaml' ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`the request body could not be decoded as ${ct || 'JSON'}: ${(e as Error).message}`);
  }
}

function tableRequest(accept: string | undefined, query: URLSearchParams): IncludeObject | undefined {
  if (!accept || !/as=Table/.test(accept)) return undefined;
  const inc = query.get('includeObject');
  return inc === 'None' || inc === 'Object' ? inc : 'Metadata';
}

/** Metadata-only clients (client-go's metadata informers, the garbage collector) ask for PartialObjectMetadata. */
function metadataOnlyRequest(accept: string | undefined): boolean {
  return !!accept && /as=PartialObjectMetadata(List)?\b/.test(accept) && !/as=Table/.test(accept);
}

function verbOf(method: string, r: ResourceRequest, query: URLSearchParams): string {
  const watch = query.get('watch');
  switch (method) {
    case 'GET': return r.name ? 'get' : watch === 'true' || watch === '1' ? 'watch' : 'list';
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return r.name ? 'delete' : 'deletecollection';
    default: throw errors.methodNotAllowed();
  }
}

function writeOptions(query: URLSearchParams, warnings: string[]): WriteOptions {
  const fv = query.get('fieldValidation');
  return {
    dryRun: query.getAll('dryRun').includes('All'),
    fieldManager: query.get('fieldManager') ?? undefined,
    fieldValidation: fv === 'Strict' || fv === 'Warn' || fv === 'Ignore' ? fv : undefined,
    force: query.get('force') === 'true',
    warnings,
  };
}

interface ContinueToken {
  start: string;
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof v.start !== 'string') throw new Error('no start key');
    return v;
  } catch {
    throw errors.badRequest(`invalid continue token "${text}"`);
  }
}

export class ApiHttpHandler {
  constructor(private readonly ctx: ServerContext) {}

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.process(req, res);
  };

  private async process(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = new Reply(res);
    const url = new URL(req.url ?? '/', 'http://local');
    let user: UserInfo = ADMIN_USER;
    let logged: { verb: string; resource?: string; subresource?: string; namespace?: string; name?: string } = { verb: req.method ?? 'GET' };
    try {
      user = this.ctx.auth.identify(req);
      const r = parseResourcePath(this.ctx.registry, url.pathname);
      if (!r) {
        this.ctx.auth.enforceNonResource(user, url.pathname, (req.method ?? 'GET').toLowerCase());
        await readBody(req);
        this.nonResource(req, url, reply);
      } else {
        const verb = verbOf(req.method ?? 'GET', r, url.searchParams);
        logged = { verb, resource: r.t.plural, subresource: r.subresource, namespace: r.namespace, name: r.name };
        await this.resource(req, url, reply, r, verb, user);
      }
    } catch (e) {
      const err = e instanceof ApiStatusError ? e : errors.internal(e instanceof Error ? e.message : String(e));
      if (!(e instanceof ApiStatusError)) process.emitWarning(`local API server: ${req.method} ${url.pathname} failed: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent) reply.error(err);
      else res.end();
    }
    this.ctx.log.record({ ...logged, method: req.method ?? 'GET', path: url.pathname, code: reply.code, user: user.name, time: new Date() });
  }

  private nonResource(req: IncomingMessage, url: URL, reply: Reply): void {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const accept = req.headers.accept;
    const { registry, openapi, version } = this.ctx;
    if (req.method !== 'GET' && req.method !== 'HEAD') throw errors.methodNotAllowed();
    if (path === '/version') {
      return reply.json(200, {
        major: version.major, minor: version.minor, gitVersion: `v${version.major}.${version.minor}.0`, gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean', buildDate: '2024-12-11T00:00:00Z', goVersion: 'go1.23.4', compiler: 'gc', platform: 'linux/amd64',
      });
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return reply.json(200, 'ok', 'text/plain; charset=utf-8');
    if (path === '/api' || path === '/apis') {
      const agg = negotiateAggregated(accept);
      if (agg) return reply.json(200, aggregatedDiscovery(registry, path === '/api', agg), aggregatedContentType(agg), { Vary: 'Accept' });
      return reply.json(200, path === '/api' ? legacyApiVersions(this.ctx.serverAddress()) : legacyGroupList(registry), 'application/json', { Vary: 'Accept' });
    }
    let m = /^\/api\/([^/]+)$/.exec(path);
    if (m) {
      const list = legacyResourceList(registry, '', m[1]);
      if (list) return reply.json(200, list);
    }
    m = /^\/apis\/([^/]+)$/.exec(path);
    if (m) {
      const g = legacyGroup(registry, m[1]);
      if (g) return reply.json(200, g);
    }
    m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
    if (m) {
      const list = legacyResourceList(registry, m[1], m[2]);
      if (list) return reply.json(200, list);
    }
    if (path === '/openapi/v3') return reply.json(200, openapi.root());
    if (path.startsWith('/openapi/v3/')) {
      const doc = openapi.documentAt(path.slice('/openapi/v3/'.length));
      if (doc) return reply.json(200, doc.body, 'application/json', { ETag: `"${doc.hash}"` });
    }
    throw errors.noRoute();
  }

  private async resource(req: IncomingMessage, url: URL, reply: Reply, r: ResourceRequest, verb: string, user: UserInfo): Promise<void> {
    const { t } = r;
    const query = url.searchParams;
    const attrs: ResourceAttributes = { verb, apiGroup: t.group, resource: t.plural, subresource: r.subresource, namespace: r.namespace, name: verb === 'create' ? undefined : r.name };
    this.ctx.auth.enforce(user, attrs);
    const target = { verb, resource: t.plural, group: t.group };
    const latency = this.ctx.faults.latencyFor(target);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const injected = this.ctx.faults.errorFor(target);
    if (injected) throw injected;
    if (r.subresource && !(t.subresources as string[]).includes(r.subresource)) throw errors.noRoute();
    const raw = await readBody(req);
    const body = decodeBody(raw, req.headers['content-type'] ?? 'application/json');
    const warnings: string[] = [];
    const opts = writeOptions(query, warnings);
    const svc = this.ctx.service;
    const headers = (): Record<string, string> => (warnings.length ? { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') } : {});
    const table = tableRequest(req.headers.accept, query);
    const metadataOnly = metadataOnlyRequest(req.headers.accept);
    const one = (code: number, o: KubeObject): void => {
      if (table && verb === 'get') return reply.json(code, toTable(t, [o], { resourceVersion: o.metadata.resourceVersion }, table));
      if (metadataOnly && verb === 'get') return reply.json(code, partialObjectMetadata(o));
      reply.json(code, o, 'application/json', headers());
    };
    const key = `${t.group}/${t.plural}`;

    if (REVIEW_RESOURCES.has(key)) {
      if (verb !== 'create') throw errors.methodNotAllowed();
      return reply.json(201, answerReview(key, body as KubeObject, user, this.ctx.auth, r.namespace));
    }
    switch (verb) {
      case 'get': {
        const o = svc.get(t, r.namespace, r.name!);
        return one(200, r.subresource === 'scale' ? svc.scaleOf(t, o) : o);
      }
      case 'list':
        return this.list(reply, r, query, table, metadataOnly);
      case 'watch':
        if (this.ctx.faults.takeExpiredWatch(target)) throw errors.expired(query.get('resourceVersion') ?? '', String(svc.store.currentRv()));
        return this.ctx.watches.serve({
          t,
          namespace: r.namespace,
          matcher: selectorMatcher(query.get('labelSelector'), query.get('fieldSelector')),
          resourceVersion: query.get('resourceVersion') ?? undefined,
          allowBookmarks: query.get('allowWatchBookmarks') === 'true',
          sendInitialEvents: query.get('sendInitialEvents') === 'true',
          timeoutSeconds: query.has('timeoutSeconds') ? Number(query.get('timeoutSeconds')) : undefined,
          table,
          metadataOnly,
        }, reply.res);
      case 'create':
        if (r.name || r.subresource) throw errors.methodNotAllowed();
        if (t.namespaced && !r.namespace) throw errors.methodNotAllowed('a namespaced resource is created under /namespaces/<namespace>/');
        return one(201, svc.create(t, r.namespace, body, opts));
      case 'update': {
        if (r.subresource === 'scale') {
          const live = svc.get(t, r.namespace, r.name!);
          return one(200, svc.scaleOf(t, svc.setReplicas(t, live, body as KubeObject, opts)));
        }
        return one(200, svc.update(t, r.namespace, r.name!, body, opts, r.subresource === 'status' ? 'status' : undefined));
      }
      case 'patch': {
        const type = patchTypeOf(req.headers['content-type'] ?? '');
        if (!type) throw errors.unsupportedMediaType(req.headers['content-type'] ?? '');
        const sub = r.subresource === 'status' || r.subresource === 'scale' ? r.subresource : undefined;
        const { object, created } = svc.patch(t, r.namespace, r.name!, type, body, opts, sub);
        return one(created ? 201 : 200, object);
      }
      case 'delete': {
        const options = this.deleteOptions(body, query);
        return one(200, svc.delete(t, r.namespace, r.name!, options));
      }
      case 'deletecollection': {
        const options = this.deleteOptions(body, query);
        const matcher = selectorMatcher(query.get('labelSelector'), query.get('fieldSelector'));
        const items = svc.list(t, r.namespace).filter((o) => matcher(o as Json)).map((o) => svc.delete(t, o.metadata.namespace, o.metadata.name!, options));
        return reply.json(200, { kind: t.listKind, apiVersion: apiVersionOf(t), metadata: { resourceVersion: String(svc.store.currentRv()) }, items });
      }
    }
    throw errors.methodNotAllowed();
  }

  private deleteOptions(body: unknown, query: URLSearchParams): DeleteOptions {
    const b = (body && typeof body === 'object' ? body : {}) as DeleteOptions;
    const policy = query.get('propagationPolicy');
    const dryRun = [...(b.dryRun ?? []), ...query.getAll('dryRun')];
    return {
      ...b,
      propagationPolicy: (policy as DeleteOptions['propagationPolicy'] | null) ?? b.propagationPolicy,
      dryRun,
    };
  }

  private list(reply: Reply, r: ResourceRequest, query: URLSearchParams, table: IncludeObject | undefined, metadataOnly: boolean): void {
    const { t } = r;
    const svc = this.ctx.service;
    const matcher = selectorMatcher(query.get('labelSelector'), query.get('fieldSelector'));
    const rv = String(svc.store.currentRv());
    let items = svc.list(t, r.namespace).filter((o) => matcher(o as Json));
    const cont = query.get('continue');
    if (cont) {
      const { start } = decodeContinue(cont);
      items = items.filter((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}` > start);
    }
    const limit = Number(query.get('limit') ?? 0);
    const meta: Json = { resourceVersion: rv };
    if (limit > 0 && items.length > limit) {
      const last = items[limit - 1];
      meta.continue = encodeContinue({ start: `${last.metadata.namespace ?? ''}/${last.metadata.name}` });
      meta.remainingItemCount = items.length - limit;
      items = items.slice(0, limit);
    }
    if (table) return reply.json(200, toTable(t, items, meta, table));
    if (metadataOnly) return reply.json(200, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: meta, items: items.map(partialObjectMetadata) });
    reply.json(200, { kind: t.listKind, apiVersion: apiVersionOf(t), metadata: meta, items });
  }
}

