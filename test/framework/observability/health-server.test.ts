import { afterEach, describe, expect, it } from '@jest/globals';
import { HealthServer } from '../../../framework/observability/health-server.js';
import { parseListenAddress } from '../../../framework/observability/listen-address.js';
import { OperatorMetrics } from '../../../framework/observability/metrics.js';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('HealthServer', () => {
  it('serves /healthz, /readyz following isReady, and /metrics on OS-assigned ports', async () => {
    const metrics = new OperatorMetrics();
    metrics.recordReconcile('widgets', 'success', 0.02);
    let ready = false;
    server = new HealthServer({ metricsAddress: '127.0.0.1:0', healthAddress: '127.0.0.1:0', registry: metrics.registry, isReady: () => ready });
    const { metricsPort, healthPort } = await server.start();
    expect(metricsPort).toBeGreaterThan(0);
    expect(healthPort).toBeGreaterThan(0);
    expect(metricsPort).not.toBe(healthPort);

    const healthz = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
    expect(healthz.status).toBe(200);
    expect(await healthz.text()).toBe('ok\n');
    const notReady = await fetch(`http://127.0.0.1:${healthPort}/readyz`);
    expect(notReady.status).toBe(503);
    await notReady.text();
    ready = true;
    const isReady = await fetch(`http://127.0.0.1:${healthPort}/readyz`);
    expect(isReady.status).toBe(200);
    await isReady.text();

    const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
    const text = await scraped.text();
    expect(text).toContain('controller_runtime_reconcile_total{controller="widgets",result="success"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');

    const elsewhere = await fetch(`http://127.0.0.1:${healthPort}/metrics`);
    expect(elsewhere.status).toBe(404);
    await elsewhere.text();
  });

  it('reports unhealthy with 500 when isHealthy says so', async () => {
    server = new HealthServer({ metricsAddress: '0', healthAddress: '127.0.0.1:0', registry: new OperatorMetrics({ defaultMetrics: false }).registry, isReady: () => true, isHealthy: () => false });
    const { metricsPort, healthPort } = await server.start();
    expect(metricsPort).toBe(0);
    const response = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
    expect(response.status).toBe(500);
    await response.text();
  });

  it('stops listening on stop()', async () => {
    server = new HealthServer({ metricsAddress: '0', healthAddress: '127.0.0.1:0', registry: new OperatorMetrics({ defaultMetrics: false }).registry, isReady: () => true });
    const { healthPort } = await server.start();
    await server.stop();
    await expect(fetch(`http://127.0.0.1:${healthPort}/healthz`)).rejects.toThrow();
  });
});

describe('parseListenAddress', () => {
  it.each([
    [':8080', { host: undefined, port: 8080 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:9000', { host: '::1', port: 9000 }],
    ['0', undefined],
    ['', undefined],
  ])('%s', (address, expected) => {
    expect(parseListenAddress(address)).toEqual(expected);
  });

  it('explains a malformed address', () => {
    expect(() => parseListenAddress('8080')).toThrow(/host:port/);
  });
});
