/**
 * Test helpers for the release handler: a tiny chart with the same naming convention as the
 * embedded one (and ways to make it fail), a local API server with a kubeconfig, and a HelmCli on
 * the real bundled helm.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKubeClient, type ClosableKubeClient, type KubeObject } from '../../../framework/index.js';
import { LocalApiServer } from '../../../framework/testing/index.js';
import { HelmCli } from '../../../handlers/helm-release/helm-cli.js';
import { locateBinary } from '../../../handlers/tools/verified-binary.js';
import type { Kryton } from '../../../handlers/kryton/types.js';
import { waitFor } from '../../support/wait-for.js';

const CHART_YAML = `apiVersion: v2
name: tiny-kryton
version: 0.1.0
appVersion: "1.0.0"
`;

const VALUES_YAML = `fullnameOverride: ""
image:
  repository: example.invalid/kryton
  tag: ""
replicaCount: 1
postgresql:
  fullnameOverride: ""
failTemplate: false
configNamespace: ""
servicePort: 5432
`;

const SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { replicaCount: { type: 'integer', minimum: 0 } },
});

const DEPLOYMENT = `{{- if .Values.failTemplate }}{{ fail "failTemplate is set: refusing to render" }}{{- end }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Values.fullnameOverride | default .Release.Name }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app: {{ .Values.fullnameOverride | default .Release.Name }}
  template:
    metadata:
      labels:
        app: {{ .Values.fullnameOverride | default .Release.Name }}
    spec:
      containers:
        - name: server
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: {{ .Values.postgresql.fullnameOverride | default (printf "%s-postgresql" .Release.Name) }}
spec:
  selector:
    app: {{ .Values.fullnameOverride | default .Release.Name }}
  ports:
    - port: {{ .Values.servicePort }}
`;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ printf "%s-config" (.Values.fullnameOverride | default .Release.Name) }}
  namespace: {{ .Values.configNamespace | default .Release.Namespace }}
data:
  tag: {{ .Values.image.tag | quote }}
`;

/** Writes the tiny chart into a fresh temp dir and returns its path. */
export function writeTestChart(parent: string): string {
  const dir = join(parent, 'tiny-kryton');
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), CHART_YAML);
  writeFileSync(join(dir, 'values.yaml'), VALUES_YAML);
  writeFileSync(join(dir, 'values.schema.json'), SCHEMA);
  writeFileSync(join(dir, 'templates', 'deployment.yaml'), DEPLOYMENT);
  writeFileSync(join(dir, 'templates', 'service.yaml'), SERVICE);
  writeFileSync(join(dir, 'templates', 'configmap.yaml'), CONFIGMAP);
  return dir;
}

export interface Cluster {
  server: LocalApiServer;
  client: ClosableKubeClient;
  kubeconfigPath: string;
  workDir: string;
  helmBinary: string;
  newHelm(maxConcurrent?: number): HelmCli;
  stop(): Promise<void>;
}

/** A local API server, a client and a kubeconfig for helm, all in one temp dir. */
export async function startCluster(): Promise<Cluster> {
  const workDir = mkdtempSync(join(tmpdir(), 'helm-release-test-'));
  const server = await LocalApiServer.start();
  const kubeconfigPath = join(workDir, 'kubeconfig');
  server.writeKubeconfig(kubeconfigPath);
  const client = createKubeClient({ kubeconfigPath });
  const helmBinary = locateBinary('helm');
  const helms: HelmCli[] = [];
  return {
    server,
    client,
    kubeconfigPath,
    workDir,
    helmBinary,
    newHelm(maxConcurrent = 4) {
      const helm = new HelmCli({ binary: helmBinary, kubeconfigPath, maxConcurrent, terminateGraceSeconds: 10, workDir });
      helms.push(helm);
      return helm;
    },
    async stop() {
      await Promise.all(helms.map((h) => h.dispose()));
      await client.close();
      await server.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export function kryton(name: string, namespace: string, version: string, values?: Record<string, unknown>, annotations?: Record<string, string>): Kryton {
  return {
    apiVersion: 'kryton.azrtydxb.io/v1alpha1',
    kind: 'Kryton',
    metadata: { name, namespace, generation: 1, ...(annotations ? { annotations } : {}) },
    spec: { version, ...(values ? { values } : {}) },
  };
}

/** Labels of the release Secrets of `release`, newest revision last. */
export function releaseSecrets(server: LocalApiServer, namespace: string, release: string): KubeObject[] {
  return server
    .objects('secrets', namespace)
    .filter((s) => s.metadata.labels?.owner === 'helm' && s.metadata.labels?.name === release)
    .sort((a, b) => Number(a.metadata.labels?.version) - Number(b.metadata.labels?.version));
}

export function imageOf(deployment: KubeObject | undefined): string | undefined {
  const spec = deployment?.spec as { template?: { spec?: { containers?: Array<{ image?: string }> } } } | undefined;
  return spec?.template?.spec?.containers?.[0]?.image;
}

/** Polls `check` until it returns a value, failing after `timeoutMs` (argument order kept for its callers). */
export function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  return waitFor(what, check, timeoutMs);
}
