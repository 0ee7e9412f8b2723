import { afterEach, describe, expect, it } from '@jest/globals';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createKubeClient, type ClosableKubeClient } from '../../../framework/client/create-kube-client.js';
import type { ResourceRef } from '../../../framework/client/types.js';
import { selfSignedTls } from './self-signed-tls.js';

const STATUSES: ResourceRef = { group: 'example.com', version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true };
const MAX_SOCKETS = 8;
const REQUESTS = 500;

interface CountingServer {
  url: string;
  stats: { opened: number; open: number; peak: number };
  close(): Promise<void>;
}

/** A server answering every PATCH with a small object, counting the connections it sees. */
async function countingServer(tls?: { certPem: string; keyPem: string }): Promise<CountingServer> {
  const handler: http.RequestListener = (request, response) => {
    request.resume();
    request.on('end', () => {
      // A small delay keeps requests overlapping, so an unbounded client would open many sockets.
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', resourceVersion: '1' } }));
      }, 2);
    });
  };
  const server = tls ? https.createServer({ cert: tls.certPem, key: tls.keyPem }, handler) : http.createServer(handler);
  const stats = { opened: 0, open: 0, peak: 0 };
  const sockets = new Set<Socket>();
  server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    stats.opened += 1;
    stats.open += 1;
    stats.peak = Math.max(stats.peak, stats.open);
    socket.on('close', () => {
      sockets.delete(socket);
      stats.open -= 1;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    stats,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

function kubeconfig(server: string, caPem?: string): string {
  const ca = caPem ? `certificate-authority-data: ${Buffer.from(caPem).toString('base64')}` : '';
  return `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: ${server}
    ${ca}
users:
- name: u
  user: { token: t }
contexts:
- name: c
  context: { cluster: c, user: u }
current-context: c
`;
}

let server: CountingServer | undefined;
let client: ClosableKubeClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

describe('socket reuse', () => {
  it.each([['https with a CA (the case that leaks in client-node 2.0.1)', true], ['plain http', false]])(
    '%s: 500 concurrent status patches use at most maxSockets connections',
    async (_label, secure) => {
      const tls = secure ? await selfSignedTls() : undefined;
      server = await countingServer(tls);
      client = createKubeClient({ kubeconfigYaml: kubeconfig(server.url, tls?.certPem), maxSockets: MAX_SOCKETS });
      const patches = Array.from({ length: REQUESTS }, (_, i) =>
        client!.patch(STATUSES, 'w', 'ns', { status: { n: i } }, 'merge', { subresource: 'status' }));
      await Promise.all(patches);
      // Sequential calls after the burst reuse the pooled sockets too.
      for (let i = 0; i < 50; i += 1) await client.patch(STATUSES, 'w', 'ns', { status: { n: i } }, 'merge', { subresource: 'status' });
      expect(server.stats.peak).toBeLessThanOrEqual(MAX_SOCKETS);
      expect(server.stats.opened).toBeLessThanOrEqual(MAX_SOCKETS);
      expect((await client.socketCounts()).requests).toBeLessThanOrEqual(MAX_SOCKETS);
    },
  );
});
