import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { parseListenAddress, type ListenAddress } from './listen-address.js';

export interface HealthServerOptions {
  /** Where /metrics is served, e.g. ':8080'; '0' disables it. Port 0 picks a free port. */
  metricsAddress: string;
  /** Where /healthz and /readyz are served, e.g. ':8081'; '0' disables them. */
  healthAddress: string;
  registry: Registry;
  /** Ready to take traffic: in an operator, when every watch has synced. */
  isReady: () => boolean;
  /** Alive; defaults to always (the process answering is the liveness signal). */
  isHealthy?: () => boolean;
}

/** The bound ports; 0 for a disabled endpoint. */
export interface HealthServerPorts {
  metricsPort: number;
  healthPort: number;
}

/**
 * Plain-HTTP probe and metrics endpoints, as a controller-runtime manager serves them: /healthz and
 * /readyz on the health address, /metrics on the metrics address (both may share one address).
 */
export class HealthServer {
  private readonly servers: http.Server[] = [];

  constructor(private readonly options: HealthServerOptions) {}

  async start(): Promise<HealthServerPorts> {
    const metrics = parseListenAddress(this.options.metricsAddress);
    const health = parseListenAddress(this.options.healthAddress);
    const shared = metrics && health && metrics.port !== 0 && metrics.port === health.port && metrics.host === health.host;
    const ports: HealthServerPorts = { metricsPort: 0, healthPort: 0 };
    if (shared) {
      const port = await this.listen(metrics, { metrics: true, health: true });
      return { metricsPort: port, healthPort: port };
    }
    if (metrics) ports.metricsPort = await this.listen(metrics, { metrics: true, health: false });
    if (health) ports.healthPort = await this.listen(health, { metrics: false, health: true });
    return ports;
  }

  async stop(): Promise<void> {
    const servers = this.servers.splice(0);
    await Promise.all(servers.map((server) => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    })));
  }

  private async listen(address: ListenAddress, serves: { metrics: boolean; health: boolean }): Promise<number> {
    const server = http.createServer((request, response) => {
      void this.answer(request, response, serves);
    });
    this.servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address.port, address.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return (server.address() as AddressInfo).port;
  }

  private async answer(request: http.IncomingMessage, response: http.ServerResponse, serves: { metrics: boolean; health: boolean }): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'text/plain', 'method not allowed\n');
      return;
    }
    if (serves.health && path === '/healthz') {
      const healthy = this.options.isHealthy?.() ?? true;
      send(response, healthy ? 200 : 500, 'text/plain', healthy ? 'ok\n' : 'unhealthy\n');
      return;
    }
    if (serves.health && path === '/readyz') {
      const ready = this.options.isReady();
      send(response, ready ? 200 : 503, 'text/plain', ready ? 'ok\n' : 'not ready: watches have not synced\n');
      return;
    }
    if (serves.metrics && path === '/metrics') {
      try {
        const body = await this.options.registry.metrics();
        send(response, 200, this.options.registry.contentType, body);
      } catch (error) {
        send(response, 500, 'text/plain', `collecting metrics failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
      return;
    }
    send(response, 404, 'text/plain', 'not found\n');
  }
}

function send(response: http.ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
