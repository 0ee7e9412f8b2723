/**
 * One end-to-end cluster: the local API server with RBAC enforced, the CRD and the operator chart
 * installed the way a user installs them (kubectl apply of the bundle, helm install of the chart,
 * which creates the operator's ServiceAccount and RBAC), a kubeconfig for that ServiceAccount, the
 * real kubectl and helm for the admin, and read helpers for assertions.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type KubeObject } from '../../../framework/index.js';
import { LocalApiServer, type LocalApiServerOptions } from '../../../framework/testing/index.js';
import { Cli } from './cli.js';
import { HelmShim } from './helm-shim.js';
import { crdBundle, operatorChart } from './paths.js';

export const OPERATOR_NAMESPACE = 'kryton-system';
export const OPERATOR_SERVICE_ACCOUNT = 'kryton-operator';
export const KRYTONS_RESOURCE = 'krytons.kryton.azrtydxb.io';

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
}

export interface KrytonObject extends KubeObject {
  spec: Record<string, unknown>;
  status?: { helmRevision?: number; observedGeneration?: number; conditions?: Condition[] };
}

export interface EventObject extends KubeObject {
  involvedObject: { name?: string; kind?: string; uid?: string };
  type: string;
  reason: string;
  message: string;
}

/** Something the cluster must end before it stops (an operator process a failed test left running). */
export interface Stoppable {
  kill(): Promise<void>;
}

export class E2eCluster {
  readonly cli: Cli;
  private readonly processes = new Set<Stoppable>();
  /** Kubeconfig of the operator's ServiceAccount (a bearer token; RBAC applies). */
  readonly operatorKubeconfig: string;
  readonly helmShim: HelmShim;

  private constructor(readonly server: LocalApiServer, readonly dir: string) {
    const adminKubeconfig = join(dir, 'admin.kubeconfig');
    server.writeKubeconfig(adminKubeconfig);
    mkdirSync(join(dir, 'home'));
    this.cli = new Cli(join(dir, 'home'), adminKubeconfig);
    this.operatorKubeconfig = join(dir, 'operator.kubeconfig');
    this.helmShim = new HelmShim(dir);
  }

  /** Starts the server and installs the CRD bundle and the operator chart. */
  static async start(options: LocalApiServerOptions = {}): Promise<E2eCluster> {
    const server = await LocalApiServer.start({ rbac: true, ...options });
    const cluster = new E2eCluster(server, mkdtempSync(join(tmpdir(), 'kryton-e2e-')));
    try {
      await cluster.cli.kubectlOk(['apply', '-f', crdBundle]);
      await cluster.cli.helmOk(['install', 'kryton-operator', operatorChart, '--namespace', OPERATOR_NAMESPACE, '--create-namespace']);
      server.writeKubeconfig(cluster.operatorKubeconfig, { serviceAccount: { namespace: OPERATOR_NAMESPACE, name: OPERATOR_SERVICE_ACCOUNT } });
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  async createNamespace(name: string): Promise<void> {
    await this.cli.kubectlOk(['create', 'namespace', name]);
  }

  /** `kubectl apply -f -` of objects (one YAML stream), into `namespace`. */
  async apply(namespace: string, ...objects: object[]): Promise<void> {
    await this.cli.kubectlOk(['-n', namespace, 'apply', '-f', '-'], objects.map((o) => stringify(o)).join('---\n'));
  }

  kryton(namespace: string, name: string): KrytonObject | undefined {
    return this.server.objects(KRYTONS_RESOURCE, namespace).find((o) => o.metadata.name === name) as KrytonObject | undefined;
  }

  condition(namespace: string, name: string, type: string): Condition | undefined {
    return this.kryton(namespace, name)?.status?.conditions?.find((c) => c.type === type);
  }

  /** Ready=True for the object's current generation. */
  isReady(namespace: string, name: string): boolean {
    const k = this.kryton(namespace, name);
    const ready = k?.status?.conditions?.find((c) => c.type === 'Ready');
    return ready?.status === 'True' && (ready.observedGeneration === undefined || ready.observedGeneration === k?.metadata.generation);
  }

  /** A one-line summary of an object's status, for timeout messages. */
  describe(namespace: string, name: string): string {
    const k = this.kryton(namespace, name);
    if (!k) return `${namespace}/${name} does not exist`;
    const conditions = (k.status?.conditions ?? []).map((c) => `${c.type}=${c.status}(${c.reason}: ${c.message.slice(0, 160)})`).join('; ');
    return `${namespace}/${name} gen ${k.metadata.generation} rev ${k.status?.helmRevision ?? '-'}: ${conditions || 'no conditions'}`;
  }

  object(resource: string, namespace: string, name: string): KubeObject | undefined {
    return this.server.objects(resource, namespace).find((o) => o.metadata.name === name);
  }

  /** The Helm release revisions stored for a release (one Secret per revision, labelled by helm). */
  helmRevisions(namespace: string, release: string): Array<{ revision: number; status: string }> {
    return this.server.objects('secrets', namespace)
      .filter((s) => s.metadata.labels?.owner === 'helm' && s.metadata.labels?.name === release)
      .map((s) => ({ revision: Number(s.metadata.labels?.version), status: s.metadata.labels?.status ?? '' }))
      .sort((a, b) => a.revision - b.revision);
  }

  /** Events about one object, optionally of one reason. */
  events(namespace: string, involvedName: string, reason?: string): EventObject[] {
    return (this.server.objects('events', namespace) as EventObject[])
      .filter((e) => e.involvedObject?.name === involvedName && (reason === undefined || e.reason === reason));
  }

  /** Registers a process to SIGKILL in stop(), should a test not have stopped it. */
  track(process: Stoppable): void {
    this.processes.add(process);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes].map((p) => p.kill()));
    this.processes.clear();
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
