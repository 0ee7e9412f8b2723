/**
 * HTTP(S) servers on 127.0.0.1 (OS-assigned port; HTTPS with a fresh self-signed certificate),
 * serving fixed bodies or redirects by path (the query string is ignored) and recording every
 * request, so tests can see what curl really fetched.
 */
import { webcrypto } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/** A body to serve, or `{ redirectTo }` for a 302 to that absolute URL. */
export type Route = Buffer | string | { redirectTo: string };

export interface LoopbackServer {
  /** `http(s)://127.0.0.1:<port>` */
  origin: string;
  /** Raw request targets (path and query, as sent on the wire) in arrival order. */
  requests: string[];
  hits(path: string): number;
  close(): Promise<void>;
}

export interface LoopbackHttpsServer extends LoopbackServer {
  /** PEM of the self-signed certificate, for curl's CA bundle. */
  caPem: string;
}

async function selfSignedLoopbackCertificate(): Promise<{ certPem: string; keyPem: string }> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: 'CN=127.0.0.1',
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 3_600_000),
      signingAlgorithm: algorithm,
      keys,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }])],
    },
    webcrypto,
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  return { certPem: cert.toString('pem'), keyPem };
}

function serve(routes: Record<string, Route>, requests: string[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? '';
    requests.push(target);
    const pathname = target.split('?')[0];
    const route = Object.hasOwn(routes, pathname) ? routes[pathname] : undefined;
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    } else if (typeof route === 'object' && 'redirectTo' in route) {
      res.writeHead(302, { location: route.redirectTo }).end();
    } else {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(route);
    }
  };
}

async function listen(server: Server | HttpsServer, scheme: 'http' | 'https', requests: string[]): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    requests,
    hits: (path) => requests.filter((p) => p === path).length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export async function startLoopbackHttpsServer(routes: Record<string, Route>): Promise<LoopbackHttpsServer> {
  const { certPem, keyPem } = await selfSignedLoopbackCertificate();
  const requests: string[] = [];
  const server = createHttpsServer({ cert: certPem, key: keyPem }, serve(routes, requests));
  return { ...(await listen(server, 'https', requests)), caPem: certPem };
}

export async function startLoopbackHttpServer(routes: Record<string, Route>): Promise<LoopbackServer> {
  const requests: string[] = [];
  return listen(createHttpServer(serve(routes, requests)), 'http', requests);
}
