import type * as https from 'node:https';
import type { ClusterConnection, ConnectionSource, TlsSettings } from './kubeconfig.js';

type KubeConfigClass = typeof import('@kubernetes/client-node').KubeConfig;
type KubeConfigInstance = InstanceType<KubeConfigClass>;

function loadKubeConfig(KubeConfig: KubeConfigClass, source: ConnectionSource): KubeConfigInstance {
  const config = new KubeConfig();
  if (source.kubeconfigYaml !== undefined) config.loadFromString(source.kubeconfigYaml);
  else if (source.kubeconfigPath !== undefined) config.loadFromFile(source.kubeconfigPath);
  else if (source.inCluster) config.loadFromCluster();
  else config.loadFromDefault();
  return config;
}

/**
 * client-node refuses plain-HTTP clusters unless TLS verification is "skipped"; for an http:// server
 * there is no TLS to verify, so the same cluster is reloaded with that flag to read its credentials.
 */
function allowPlainHttp(KubeConfig: KubeConfigClass, config: KubeConfigInstance): KubeConfigInstance {
  const cluster = config.getCurrentCluster();
  const user = config.getCurrentUser();
  if (!cluster || !user || !cluster.server.startsWith('http:') || cluster.skipTLSVerify) return config;
  const relaxed = new KubeConfig();
  relaxed.loadFromClusterAndUser({ ...cluster, skipTLSVerify: true }, user);
  return relaxed;
}

function headersFrom(options: https.RequestOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (typeof value === 'string') headers[name] = value;
    else if (typeof value === 'number') headers[name] = String(value);
  }
  if (typeof options.auth === 'string' && options.auth !== '') {
    headers.Authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
  }
  return headers;
}

/**
 * Reads a kubeconfig through client-node, which knows every credential kind (exec plugins, auth
 * providers, impersonation, merged KUBECONFIG lists). Only the settings are taken from it: requests
 * go through our own agent. Loaded on demand, as importing client-node costs ~86 MiB of memory.
 */
export async function resolveWithClientNode(source: ConnectionSource): Promise<ClusterConnection> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = allowPlainHttp(KubeConfig, loadKubeConfig(KubeConfig, source));
  const cluster = config.getCurrentCluster();
  if (!cluster) {
    throw new Error('The kubeconfig has no current cluster: set current-context, or pass kubeconfigPath/kubeconfigYaml.');
  }
  const user = config.getCurrentUser();
  const first: https.RequestOptions = {};
  await config.applyToHTTPSOptions(first);
  const tls: TlsSettings = {
    ca: first.ca,
    cert: first.cert,
    key: first.key,
    rejectUnauthorized: first.rejectUnauthorized,
    servername: first.servername,
  };
  const staticHeaders = headersFrom(first);
  // exec plugins, auth providers and the in-cluster token file rotate tokens: ask client-node each time.
  const refreshes = Boolean(user?.exec || user?.authProvider);
  const authHeaders = refreshes
    ? async (): Promise<Record<string, string>> => {
        const options: https.RequestOptions = {};
        await config.applyToHTTPSOptions(options);
        return headersFrom(options);
      }
    : async (): Promise<Record<string, string>> => staticHeaders;
  const contextName = config.getCurrentContext();
  const namespace = config.getContextObject(contextName)?.namespace;
  return { server: new URL(cluster.server), tls, namespace, authHeaders };
}
