import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type * as https from 'node:https';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { resolveWithClientNode } from './plugin-credentials.js';

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

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Projected service account tokens rotate; re-reading the file this often keeps requests valid. */
const TOKEN_FILE_REFRESH_MS = 60_000;

interface NamedEntry<T> {
  name: string;
  [key: string]: unknown;
  cluster?: T;
  user?: T;
  context?: T;
}

type Fields = Record<string, unknown>;

/** A kubeconfig this reader does not handle itself (credential plugins, merged files): client-node reads it. */
class NeedsClientNode extends Error {}

function str(fields: Fields, key: string): string | undefined {
  const value = fields[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function named(list: unknown, name: string | undefined, kind: 'cluster' | 'user' | 'context'): Fields | undefined {
  if (!Array.isArray(list) || name === undefined) return undefined;
  const entry = (list as NamedEntry<Fields>[]).find((e) => e?.name === name);
  return entry?.[kind];
}

/** Reads a file named in a kubeconfig; relative paths are relative to the kubeconfig's folder. */
function fileFrom(baseDir: string | undefined, path: string): Buffer {
  return readFileSync(isAbsolute(path) || !baseDir ? path : join(baseDir, path));
}

function dataOrFile(fields: Fields, dataKey: string, fileKey: string, baseDir: string | undefined): Buffer | undefined {
  const data = str(fields, dataKey);
  if (data) return Buffer.from(data, 'base64');
  const file = str(fields, fileKey);
  return file ? fileFrom(baseDir, file) : undefined;
}

function tokenFileHeaders(path: string): () => Promise<Record<string, string>> {
  let cached: { token: string; readAt: number } | undefined;
  return async () => {
    if (!cached || Date.now() - cached.readAt > TOKEN_FILE_REFRESH_MS) cached = { token: readFileSync(path, 'utf8').trim(), readAt: Date.now() };
    return { Authorization: `Bearer ${cached.token}` };
  };
}

/** Pure apart from reading the files a kubeconfig names: the connection of its current context. */
export function connectionFromKubeconfig(text: string, baseDir?: string): ClusterConnection {
  const config = (parse(text) ?? {}) as Fields;
  const contextName = str(config, 'current-context');
  if (!contextName) throw new Error('The kubeconfig has no current-context: set one (kubectl config use-context NAME), or pass kubeconfigPath/kubeconfigYaml.');
  const context = named(config.contexts, contextName, 'context');
  if (!context) throw new Error(`The kubeconfig's current-context "${contextName}" is not among its contexts.`);
  const cluster = named(config.clusters, str(context, 'cluster'), 'cluster');
  if (!cluster || !str(cluster, 'server')) throw new Error(`The kubeconfig context "${contextName}" names no cluster with a server address.`);
  const user = named(config.users, str(context, 'user'), 'user') ?? {};
  if (user.exec || user['auth-provider'] || user.as || user['as-groups'] || user['as-user-extra']) throw new NeedsClientNode();

  const server = new URL(str(cluster, 'server')!);
  const tls: TlsSettings = {};
  const ca = dataOrFile(cluster, 'certificate-authority-data', 'certificate-authority', baseDir);
  if (ca) tls.ca = ca;
  if (cluster['insecure-skip-tls-verify'] === true) tls.rejectUnauthorized = false;
  const serverName = str(cluster, 'tls-server-name');
  if (serverName) tls.servername = serverName;
  const cert = dataOrFile(user, 'client-certificate-data', 'client-certificate', baseDir);
  const key = dataOrFile(user, 'client-key-data', 'client-key', baseDir);
  if (cert) tls.cert = cert;
  if (key) tls.key = key;

  const token = str(user, 'token');
  const tokenFile = str(user, 'tokenFile');
  const username = str(user, 'username');
  let authHeaders: () => Promise<Record<string, string>>;
  if (token) authHeaders = async () => ({ Authorization: `Bearer ${token}` });
  else if (tokenFile) authHeaders = tokenFileHeaders(isAbsolute(tokenFile) || !baseDir ? tokenFile : join(baseDir, tokenFile));
  else if (username) {
    const basic = `Basic ${Buffer.from(`${username}:${str(user, 'password') ?? ''}`).toString('base64')}`;
    authHeaders = async () => ({ Authorization: basic });
  } else authHeaders = async () => ({});
  const namespace = str(context, 'namespace');
  return { server, tls, ...(namespace ? { namespace } : {}), authHeaders };
}

/** The pod's own service account: API server from the environment, CA, rotating token and namespace from files. */
export function inClusterConnection(dir: string = SERVICE_ACCOUNT_DIR): ClusterConnection {
  const host = process.env.KUBERNETES_SERVICE_HOST;
  const port = process.env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) throw new Error('Not running in a cluster: KUBERNETES_SERVICE_HOST/PORT are unset. Pass --kubeconfig or set KUBECONFIG.');
  const namespaceFile = join(dir, 'namespace');
  return {
    server: new URL(`https://${host.includes(':') ? `[${host}]` : host}:${port}`),
    tls: { ca: readFileSync(join(dir, 'ca.crt')) },
    ...(existsSync(namespaceFile) ? { namespace: readFileSync(namespaceFile, 'utf8').trim() } : {}),
    authHeaders: tokenFileHeaders(join(dir, 'token')),
  };
}

/** The kubeconfig files to read when none is given: $KUBECONFIG (one or more), else ~/.kube/config. */
function defaultKubeconfigFiles(): string[] {
  const fromEnv = (process.env.KUBECONFIG ?? '').split(delimiter).filter((p) => p !== '');
  if (fromEnv.length > 0) return fromEnv;
  const home = join(homedir(), '.kube', 'config');
  return existsSync(home) ? [home] : [];
}

/**
 * Where and how to connect, like kubectl decides it: a given kubeconfig (text or file), in-cluster
 * config, or the default chain ($KUBECONFIG, ~/.kube/config, then in-cluster). Credential plugins
 * (exec, auth-provider), impersonation and merged KUBECONFIG lists are read by client-node instead.
 */
export async function resolveConnection(source: ConnectionSource): Promise<ClusterConnection> {
  try {
    if (source.kubeconfigYaml !== undefined) return connectionFromKubeconfig(source.kubeconfigYaml);
    if (source.kubeconfigPath !== undefined) return connectionFromKubeconfig(readFileSync(source.kubeconfigPath, 'utf8'), dirname(source.kubeconfigPath));
    if (source.inCluster) return inClusterConnection();
    const files = defaultKubeconfigFiles();
    if (files.length === 0) return inClusterConnection();
    if (files.length > 1) throw new NeedsClientNode();
    return connectionFromKubeconfig(readFileSync(files[0], 'utf8'), dirname(files[0]));
  } catch (error) {
    if (error instanceof NeedsClientNode) return resolveWithClientNode(source);
    throw error;
  }
}
