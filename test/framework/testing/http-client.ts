/** A minimal HTTP client for the local API server over plain HTTP, and a watch stream reader. */
import { type LocalApiServer } from '../../../framework/testing/index.js';

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply>;

export function httpClient(server: LocalApiServer, token?: string): Call {
  return async (method, path, body, headers = {}) => {
    const isBytes = body instanceof Uint8Array;
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined && !isBytes ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isBytes ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
}

export interface WatchEvent {
  type: string;
  object: { kind?: string; metadata: { name?: string; resourceVersion?: string; annotations?: Record<string, string> }; [k: string]: unknown };
}

export interface OpenWatch {
  status: number;
  events: WatchEvent[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openWatch(server: LocalApiServer, path: string, headers: Record<string, string> = {}): Promise<OpenWatch> {
  const abort = new AbortController();
  const res = await fetch(`${server.url}${path}`, { headers, signal: abort.signal });
  const events: WatchEvent[] = [];
  if (res.status !== 200 || !res.body) {
    await res.text();
    return { status: res.status, events, ended: Promise.resolve(), close: () => undefined };
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buffer.slice(0, nl)) as WatchEvent);
          buffer = buffer.slice(nl + 1);
        }
      }
    } catch (e) {
      if (!abort.signal.aborted) throw e;
    }
  })();
  return { status: 200, events, ended, close: () => abort.abort() };
}
