import 'reflect-metadata';
import { container, type DependencyContainer } from 'tsyringe';
import { createKubeClient, type ClosableKubeClient } from '../../../framework/client/create-kube-client.js';
import type { KubeObject, ResourceRef } from '../../../framework/client/types.js';
import { LocalApiServer } from '../../../framework/testing/index.js';

export const WIDGETS: ResourceRef = { group: 'test.example.com', version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true };
export const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true };
export const EVENTS: ResourceRef = { group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true };
const CRDS: ResourceRef = { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false };

export const PREFIX = 'test.example.com';
export const NS = 'default';

/** Test CRD `widgets.test.example.com` with a free-form spec and a status subresource. */
const WIDGET_CRD: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.test.example.com' },
  spec: {
    group: 'test.example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [{
      name: 'v1', served: true, storage: true, subresources: { status: {} },
      schema: { openAPIV3Schema: { type: 'object', properties: {
        spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      } } },
    }],
  },
};

export interface Cluster {
  server: LocalApiServer;
  client: ClosableKubeClient;
  stop(): Promise<void>;
}

/** A local API server with the widget CRD installed and an admin client. */
export async function startCluster(): Promise<Cluster> {
  const server = await LocalApiServer.start({ tls: false, bookmarkIntervalMs: 1000 });
  const client = createKubeClient({ kubeconfigYaml: server.kubeconfig() });
  await client.create(CRDS, WIDGET_CRD);
  return {
    server,
    client,
    async stop() {
      await client.close();
      await server.stop();
    },
  };
}

export function widget(name: string, spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'test.example.com/v1', kind: 'Widget', metadata: { name, namespace: NS, ...(labels ? { labels } : {}) }, spec };
}

export { waitFor } from '../../support/wait-for.js';

/** One handler invocation, as test handlers record it. */
export interface Call {
  handler: string;
  cause: string;
  name: string;
  old?: unknown;
  new?: unknown;
  retry: number;
}

export const RECORDER = Symbol('test-recorder');

/** Shared by the test's handler instances (injected): what ran, and knobs to make handlers fail. */
export class Recorder {
  readonly calls: Call[] = [];
  /** handler name → how many more attempts should throw (and what). */
  readonly failures = new Map<string, { times: number; error: () => Error }>();

  record(call: Call): void {
    this.calls.push(call);
    const failure = this.failures.get(call.handler);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      throw failure.error();
    }
  }

  count(handler: string, name?: string, cause?: string): number {
    return this.calls.filter((c) => c.handler === handler && (!name || c.name === name) && (!cause || c.cause === cause)).length;
  }
}

/** A container for one test with the recorder registered. */
export function testContainer(recorder: Recorder): DependencyContainer {
  const child = container.createChildContainer();
  child.registerInstance(RECORDER, recorder);
  return child;
}

export async function eventsFor(client: ClosableKubeClient, name: string): Promise<KubeObject[]> {
  const { items } = await client.list(EVENTS, { namespace: NS });
  return items.filter((e) => (e.involvedObject as { name?: string } | undefined)?.name === name);
}
