/**
 * A local API server with the Kryton CRD installed, a namespace, an admin client and a test
 * operator running the given handler classes — what the plugins and snapshot handler tests share.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createKubeClient, createTestOperator, type ClosableKubeClient, type HandlerClass, type KubeObject, type Operator } from '../../../framework/index.js';
import { LocalApiServer } from '../../../framework/testing/index.js';
import { KRYTONS, type Condition, type Kryton, type KrytonSpec } from '../../../handlers/kryton/types.js';

export const NAMESPACE = 'team';

export interface KrytonCluster {
  server: LocalApiServer;
  client: ClosableKubeClient;
  operator: Operator;
  stop(): Promise<void>;
}

export async function startKrytonCluster(handlers: HandlerClass[], options: { extraCrds?: string[] } = {}): Promise<KrytonCluster> {
  const server = await LocalApiServer.start({ tls: false, bookmarkIntervalMs: 1000 });
  for (const file of ['deploy/crd/bases/kryton.azrtydxb.io_krytons.yaml', ...(options.extraCrds ?? [])]) {
    server.create('customresourcedefinitions.apiextensions.k8s.io', parse(readFileSync(file, 'utf8')) as KubeObject);
  }
  server.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  const client = createKubeClient({ kubeconfigYaml: server.kubeconfig() });
  const operator = createTestOperator({ client, handlers });
  await operator.start();
  return {
    server,
    client,
    operator,
    async stop() {
      await operator.stop();
      await client.close();
      await server.stop();
    },
  };
}

export function krytonObject(name: string, spec: Partial<KrytonSpec>): Kryton {
  return { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name, namespace: NAMESPACE }, spec: { version: '4.5.0', ...spec } };
}

export async function conditionOf(client: ClosableKubeClient, name: string, type: string): Promise<Condition | undefined> {
  const kryton = await client.get<Kryton>(KRYTONS, name, NAMESPACE);
  return kryton?.status?.conditions?.find((c) => c.type === type);
}

export { waitFor } from '../../support/wait-for.js';
