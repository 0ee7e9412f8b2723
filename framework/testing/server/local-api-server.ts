/**
 * LocalApiServer: an in-memory Kubernetes API server that the real kubectl and helm work against.
 * See framework/testing/README.md for what it emulates and what it does not.
 */
import { writeFileSync } from 'node:fs';
import { type Server, createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo } from 'node:net';
import { type KubeObject } from '../../client/types.js';
import { builtinResources } from '../schema/index.js';
import { ADMIN_USER, Authenticator } from './auth.js';
import { followCrds } from './crds.js';
import { FakeControllers } from './controllers.js';
import { errors } from './errors.js';
import { Faults } from './faults.js';
import { ApiHttpHandler } from './http.js';
import { renderKubeconfig } from './kubeconfig.js';
import { Lifecycle } from './lifecycle.js';
import { ObjectService } from './objects.js';
import { OpenApiV3 } from './openapi.js';
import { type ResourceType, ResourceRegistry, storageKey } from './registry.js';
import { RequestLog } from './request-log.js';
import { ObjectStore } from './store.js';
import { generateServingCertificate } from './tls.js';
import { WatchHub } from './watch.js';

export interface LocalApiServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** HTTPS with a CA made at start (default true); false serves plain HTTP. */
  tls?: boolean;
  /** Enforce RBAC on every request (default false: every request acts as cluster admin). */
  rbac?: boolean;
  /** What /version reports (default 1.32); the machine's kubectl dispatcher picks its binary from the minor. */
  version?: { major: string; minor: string };
  /** Watch events retained per resource for resuming watches (default 10,000); older versions get 410 Gone. */
  watchHistory?: number;
  /** Interval of BOOKMARK events on watches that allow them (default 5,000 ms). */
  bookmarkIntervalMs?: number;
}

export interface KubeconfigOptions {
  /** Authenticate as this ServiceAccount (bearer token) instead of the cluster admin. */
  serviceAccount?: { namespace: string; name: string };
}

const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** The bootstrap roles of a real cluster that clients rely on, each bound to one group. */
const DEFAULT_CLUSTER_ROLES = [
  { name: 'cluster-admin', group: 'system:masters', rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }] },
  {
    name: 'system:basic-user',
    group: 'system:authenticated',
    rules: [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ],
  },
];

function builtinTypes(): ResourceType[] {
  return builtinResources().map((b) => ({
    ...b,
    verbs: [...b.verbs],
    shortNames: [...b.shortNames],
    categories: [...b.categories],
    subresources: [...b.subresources],
    listKind: `${b.kind}List`,
  }));
}

export class LocalApiServer {
  readonly requestLog: RequestLog;
  readonly faults: Faults;
  private readonly registry: ResourceRegistry;
  private readonly service: ObjectService;
  private readonly auth: Authenticator;
  private readonly watches: WatchHub;
  private readonly lifecycle: Lifecycle;
  private readonly controllers: FakeControllers;
  private server?: Server;
  private caPem?: string;
  private baseUrl = '';

  private constructor(private readonly opts: LocalApiServerOptions) {
    this.registry = new ResourceRegistry(builtinTypes());
    const store = new ObjectStore(opts.watchHistory ?? 10_000);
    const nsType = this.registry.lookup('', 'v1', 'namespaces');
    if (!nsType) throw new Error('the built-in catalogue has no namespaces resource');
    this.service = new ObjectService(store, () => nsType);
    followCrds(store, this.registry, (name) => this.service.admission.forget(name));
    this.lifecycle = new Lifecycle(store, this.service, this.registry);
    this.controllers = new FakeControllers(store, this.service, this.registry);
    this.auth = new Authenticator(store, opts.rbac ?? false);
    this.watches = new WatchHub(this.service, opts.bookmarkIntervalMs ?? 5000);
    this.registry.onChange(() => this.watches.dropUnserved((t) => this.registry.lookup(t.group, t.version, t.plural) !== undefined));
    this.requestLog = new RequestLog();
    this.faults = new Faults();
    this.faults.bindWatchDropper(() => this.watches.dropAll());
    this.seed();
  }

  static async start(opts: LocalApiServerOptions = {}): Promise<LocalApiServer> {
    const s = new LocalApiServer(opts);
    await s.listen();
    return s;
  }

  /** https://127.0.0.1:PORT (or http:// with tls: false). */
  get url(): string {
    return this.baseUrl;
  }

  /** The PEM CA certificate clients must trust (undefined over plain HTTP). */
  get caCertificate(): string | undefined {
    return this.caPem;
  }

  /** Bearer token of the cluster admin (group system:masters). */
  get adminToken(): string {
    return this.auth.adminToken;
  }

  /** Kubeconfig YAML for the admin, or for a ServiceAccount (created if missing, given its namespace exists). */
  kubeconfig(opts: KubeconfigOptions = {}): string {
    const sa = opts.serviceAccount;
    if (!sa) return renderKubeconfig({ server: this.baseUrl, caPem: this.caPem, token: this.auth.adminToken, userName: ADMIN_USER.name });
    this.ensureServiceAccount(sa.namespace, sa.name);
    return renderKubeconfig({ server: this.baseUrl, caPem: this.caPem, token: this.serviceAccountToken(sa.namespace, sa.name), userName: `${sa.namespace}-${sa.name}`, namespace: sa.namespace });
  }

  writeKubeconfig(path: string, opts: KubeconfigOptions = {}): void {
    writeFileSync(path, this.kubeconfig(opts), { mode: 0o600 });
  }

  serviceAccountToken(namespace: string, name: string): string {
    return this.auth.serviceAccountToken(namespace, name);
  }

  /** Direct read access for test assertions: the stored objects of a resource ('configmaps', 'deployments.apps', 'widgets.example.com'). */
  objects(resource: string, namespace?: string): KubeObject[] {
    return this.service.store.list(this.storageKeyOf(resource), namespace).map((o) => structuredClone(o));
  }

  /** Direct write access for test setup (bypasses HTTP, RBAC and faults; admission still applies). */
  create(resource: string, obj: KubeObject): KubeObject {
    const t = this.typeOf(resource);
    return structuredClone(this.service.create(t, obj.metadata?.namespace, structuredClone(obj)));
  }

  get openWatchCount(): number {
    return this.watches.openCount;
  }

  get resourceVersion(): string {
    return String(this.service.store.currentRv());
  }

  async stop(): Promise<void> {
    this.watches.dropAll();
    this.lifecycle.stop();
    this.controllers.stop();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve, reject) => {
      server.close((e) => (e ? reject(e) : resolve()));
      server.closeAllConnections();
    });
  }

  private typeOf(resource: string): ResourceType {
    const dot = resource.indexOf('.');
    const plural = dot < 0 ? resource : resource.slice(0, dot);
    const group = dot < 0 ? '' : resource.slice(dot + 1);
    const t = this.registry.all().find((x) => x.plural === plural && x.group === group);
    if (!t) throw errors.notFound('resources', '', resource);
    return t;
  }

  private storageKeyOf(resource: string): string {
    return storageKey(this.typeOf(resource));
  }

  private ensureServiceAccount(namespace: string, name: string): void {
    const t = this.typeOf('serviceaccounts');
    if (!this.service.find(t, namespace, name)) this.service.create(t, namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
  }

  private seed(): void {
    const ns = this.typeOf('namespaces');
    for (const name of DEFAULT_NAMESPACES) {
      this.service.create(ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      this.ensureServiceAccount(name, 'default');
    }
    for (const role of DEFAULT_CLUSTER_ROLES) {
      const labels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
      this.service.create(this.typeOf(`clusterroles.${RBAC_GROUP}`), undefined, { apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRole', metadata: { name: role.name, labels }, rules: role.rules });
      this.service.create(this.typeOf(`clusterrolebindings.${RBAC_GROUP}`), undefined, {
        apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRoleBinding', metadata: { name: role.name, labels },
        roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role.name },
        subjects: [{ apiGroup: RBAC_GROUP, kind: 'Group', name: role.group }],
      });
    }
  }

  private async listen(): Promise<void> {
    const host = this.opts.host ?? '127.0.0.1';
    const version = this.opts.version ?? { major: '1', minor: '32' };
    const handler = new ApiHttpHandler({
      registry: this.registry,
      service: this.service,
      openapi: new OpenApiV3(this.registry, `v${version.major}.${version.minor}.0`),
      watches: this.watches,
      auth: this.auth,
      log: this.requestLog,
      faults: this.faults,
      version,
      serverAddress: () => this.baseUrl.replace(/^https?:\/\//, ''),
    });
    const tls = this.opts.tls ?? true;
    if (tls) {
      const cert = await generateServingCertificate(host);
      this.caPem = cert.caPem;
      this.server = createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, handler.handle);
    } else this.server = createHttpServer(handler.handle);
    this.server.keepAliveTimeout = 30_000;
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `${tls ? 'https' : 'http'}://${host}:${port}`;
  }
}
