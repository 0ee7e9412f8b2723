/**
 * A plain keep-alive HTTPS client for the API server benchmark: real HTTP, no Kubernetes client
 * library, so the numbers are the server's and the wire's.
 */
import { Agent, request } from 'node:https';

export interface Endpoint {
  url: string;
  token: string;
  ca: string | null;
}

export interface HttpResult {
  status: number;
  body: string;
}

export class BenchHttp {
  readonly agent: Agent;

  constructor(private readonly endpoint: Endpoint, maxSockets: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets, ...(endpoint.ca ? { ca: endpoint.ca } : {}) });
  }

  send(method: string, path: string, body?: unknown): Promise<HttpResult> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.endpoint.url), {
        method,
        agent: this.agent,
        headers: {
          authorization: `Bearer ${this.endpoint.token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.send(method, path, body);
    if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${path} → ${r.status}: ${r.body.slice(0, 300)}`);
    return JSON.parse(r.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
