import * as http from 'node:http';
import * as https from 'node:https';
import type { ClusterConnection } from './kubeconfig.js';

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/api/v1/namespaces/a/pods?limit=5`. */
  path: string;
  body?: string;
  contentType?: string;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TransportOptions {
  userAgent: string;
  /** Sockets the request pool may open at once (watches have their own pool, one socket each). */
  maxSockets: number;
  /** Upper bound for one non-watch request, connection to last byte. */
  requestTimeoutMs: number;
}

type AgentLike = http.Agent | https.Agent;

/** Idle sockets the watch pool keeps for reconnects; one per concurrent watch is plenty. */
const WATCH_IDLE_SOCKETS = 16;

/**
 * HTTP(S) to the API server over two long-lived keep-alive agents built once per client: a pool of at
 * most `maxSockets` sockets for request/response calls, and a pool for watches, which each hold one
 * socket for minutes and would otherwise starve writes. No request ever builds its own agent, so
 * sockets are reused and bounded. Built on node:http(s), which nock can intercept in tests.
 */
export class HttpTransport {
  private readonly ready: Promise<{ connection: ClusterConnection; requests: AgentLike; watches: AgentLike }>;
  private closed = false;

  constructor(connection: Promise<ClusterConnection>, private readonly options: TransportOptions) {
    this.ready = connection.then((resolved) => {
      const secure = resolved.server.protocol === 'https:';
      const make = (maxSockets: number, maxFreeSockets: number): AgentLike => {
        // keepAliveMsecs: TCP keep-alive probes every 30 s, as client-go, so dead peers are noticed.
        const common = { keepAlive: true, keepAliveMsecs: 30_000, maxSockets, maxFreeSockets, scheduling: 'lifo' as const };
        return secure ? new https.Agent({ ...common, ...resolved.tls }) : new http.Agent(common);
      };
      return { connection: resolved, requests: make(options.maxSockets, options.maxSockets), watches: make(Infinity, WATCH_IDLE_SOCKETS) };
    });
    // A kubeconfig failure surfaces on the first request; this only keeps it from being unhandled meanwhile.
    this.ready.catch(() => undefined);
  }

  /** The agents, for callers that want to observe the socket pool (tests, diagnostics). */
  async agents(): Promise<{ requests: AgentLike; watches: AgentLike }> {
    const { requests, watches } = await this.ready;
    return { requests, watches };
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    const response = await this.open(request, false);
    const body = await readBody(response);
    return { status: response.statusCode ?? 0, headers: response.headers, body };
  }

  /**
   * Opens a streaming GET. For a 2xx answer each complete line goes to `onLine`; a throwing `onLine`
   * ends the stream and rejects with its error. A non-2xx answer resolves with its body to read.
   */
  async stream(request: TransportRequest, onLine: (line: string) => void): Promise<TransportResponse> {
    const response = await this.open(request, true);
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      return { status, headers: response.headers, body: await readBody(response) };
    }
    await new Promise<void>((resolve, reject) => {
      let pending = '';
      let settled = false;
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        response.destroy();
        reject(error);
      };
      const deliver = (line: string): boolean => {
        try {
          onLine(line);
          return true;
        } catch (error) {
          fail(error instanceof Error ? error : new Error(String(error)));
          return false;
        }
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (settled) return;
        pending += chunk;
        // Walk the buffer by index and cut it once per chunk: a chunk can hold hundreds of events.
        let start = 0;
        let newline = pending.indexOf('\n', start);
        while (newline >= 0) {
          const line = pending.slice(start, newline).trim();
          start = newline + 1;
          if (line !== '' && !deliver(line)) return;
          newline = pending.indexOf('\n', start);
        }
        pending = pending.slice(start);
      });
      response.on('end', () => {
        if (settled) return;
        const last = pending.trim();
        if (last !== '' && !deliver(last)) return;
        settled = true;
        resolve();
      });
      response.on('error', fail);
      response.on('close', () => {
        if (request.signal?.aborted && !settled) {
          settled = true;
          resolve();
        }
        fail(new Error(`${request.method} ${request.path}: the stream was cut before it ended`));
      });
      request.signal?.addEventListener('abort', () => {
        if (settled) return;
        settled = true;
        response.destroy();
        resolve();
      }, { once: true });
    });
    return { status, headers: response.headers, body: '' };
  }

  /** Closes every pooled socket; later requests fail. */
  async close(): Promise<void> {
    this.closed = true;
    const { requests, watches } = await this.ready.catch(() => ({ requests: undefined, watches: undefined }));
    requests?.destroy();
    watches?.destroy();
  }

  private async open(request: TransportRequest, streaming: boolean): Promise<http.IncomingMessage> {
    if (this.closed) throw new Error(`${request.method} ${request.path}: the Kubernetes client is closed`);
    const { connection, requests, watches } = await this.ready;
    const auth = await connection.authHeaders();
    const url = new URL(request.path, connection.server);
    // A server URL with a path prefix (a proxy) keeps it.
    const prefix = connection.server.pathname.replace(/\/$/, '');
    const path = `${prefix}${url.pathname}${url.search}`;
    const headers: http.OutgoingHttpHeaders = { ...auth, 'User-Agent': this.options.userAgent, Accept: 'application/json' };
    if (request.body !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(request.body);
    }
    const send = connection.server.protocol === 'https:' ? https.request : http.request;
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const outgoing = send({
        protocol: connection.server.protocol,
        hostname: connection.server.hostname.replace(/^\[|\]$/g, ''),
        port: connection.server.port || undefined,
        method: request.method,
        path,
        headers,
        agent: streaming ? watches : requests,
        signal: request.signal,
        timeout: streaming ? undefined : this.options.requestTimeoutMs,
      });
      outgoing.on('response', resolve);
      outgoing.on('error', (error) => reject(describe(request, error)));
      outgoing.on('timeout', () => {
        outgoing.destroy(new Error(`no answer within ${this.options.requestTimeoutMs} ms`));
      });
      outgoing.end(request.body);
    });
  }
}

function describe(request: TransportRequest, error: Error): Error {
  if (error.name === 'AbortError') return error;
  const wrapped = new Error(`${request.method} ${request.path}: ${error.message}`, { cause: error });
  wrapped.name = 'TransportError';
  return wrapped;
}

function readBody(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}
