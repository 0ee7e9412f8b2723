import { KubeConfig } from '@kubernetes/client-node';
import type * as https from 'node:https';

export interface ConnectionSource {
  kubeconfigPath?: string;
  kubeconfigYaml?: string;
  inCluster?: boolean;
}

/** TLS settings for the one agent of a client: from the kubeconfig's cluster and user. */
export interface TlsSettings {
  ca?: https.AgentOptions['ca'];
  cert?: https.AgentOptions['cert'];
  key?: https.AgentOptions['key'];
  rejectUnauthorized?: boolean;
  servername?: string;
}

/** Where the API server is, how to reach it securely, and the headers that authenticate a request. */
export interface ClusterConnection {
  server: URL;
  tls: TlsSettings;
  /** The kubeconfig context's namespace, or the in-cluster service account's namespace. */
  namespace?: string;
  /** Authorization/Impersonate-User headers for the next request (exec and token-file credentials refresh). */
  authHeaders(): Promise<Record<string, string>>;
}

function loadKubeConfig(source: ConnectionSource): KubeConfig {
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
function allowPlainHttp(config: KubeConfig): KubeConfig {
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
 * Reads a kubeconfig (file, text, in-cluster or the default chain) through client-node, which knows
 * every credential kind. Only the settings are taken from it: requests go through our own agent.
 */
export async function resolveConnection(source: ConnectionSource): Promise<ClusterConnection> {
  const config = allowPlainHttp(loadKubeConfig(source));
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
