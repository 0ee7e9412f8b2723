/**
 * The real helm (tools/bin/helm) against the local API server over HTTPS: release storage in
 * protobuf-encoded Secrets, strategic-merge upgrades, --wait on Deployments and Services, hooks
 * that wait for Jobs, rollback, and charts that bring CRDs.
 */
import { LocalApiServer } from '../../../framework/testing/index.js';
import { type Clients, clientsFor, ok } from './harness.js';

const appChart: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\nkubeVersion: ">=1.25.0-0"\n',
  'values.yaml': 'image: nginx:1.26\nreplicas: 1\ngreeting: hello\n',
  'templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cfg\ndata:\n  greeting: {{ .Values.greeting | quote }}\n',
  'templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  selector: {app: {{ .Release.Name }}-web}\n  ports: [{port: 80}]\n',
  'templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: {{ .Values.replicas }}
  selector: {matchLabels: {app: {{ .Release.Name }}-web}}
  template:
    metadata: {labels: {app: {{ .Release.Name }}-web}}
    spec:
      containers:
      - name: web
        image: {{ .Values.image }}
`,
  'templates/hook.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-pre
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: pre, image: busybox, command: ["true"]}]
`,
};

const crdChart: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: gadgets\nversion: 0.1.0\n',
  'crds/gadget.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.org}
spec:
  group: example.org
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {size: {type: integer}}}
`,
  'templates/gadget.yaml': 'apiVersion: example.org/v1\nkind: Gadget\nmetadata:\n  name: {{ .Release.Name }}-g\nspec:\n  size: 2\n',
};

describe('helm against the local API server', () => {
  let server: LocalApiServer;
  let c: Clients;

  const writeChart = async (name: string, files: Record<string, string>): Promise<string> => {
    for (const [path, content] of Object.entries(files)) await c.file(`${name}/${path}`, content);
    return `${c.dir}/${name}`;
  };
  const names = (resource: string): string[] => server.objects(resource, 'default').map((o) => o.metadata.name!);

  beforeAll(async () => {
    server = await LocalApiServer.start();
    c = await clientsFor(server);
  });

  afterAll(async () => {
    await server.stop();
    await c.cleanup();
  });

  it('installs, lists, shows status, upgrades with --wait, keeps history, rolls back and uninstalls', async () => {
    const chart = await writeChart('app', appChart);
    expect(ok(await c.helm(['install', 'rel1', chart, '--wait', '--timeout', '60s']))).toContain('STATUS: deployed');
    expect(names('configmaps')).toContain('rel1-cfg');
    expect(names('services')).toContain('rel1-web');
    expect(server.requestLog.filter({ verb: 'create', resource: 'jobs' }).length).toBe(1);
    expect(names('jobs.batch')).not.toContain('rel1-pre');
    const secret = server.objects('secrets', 'default').find((s) => s.metadata.name === 'sh.helm.release.v1.rel1.v1');
    expect(secret?.metadata.labels).toMatchObject({ owner: 'helm', name: 'rel1', status: 'deployed' });
    expect(ok(await c.helm(['list']))).toMatch(/rel1\s+default\s+1\s+.*deployed\s+app-0\.1\.0/);
    expect(ok(await c.helm(['status', 'rel1']))).toContain('STATUS: deployed');

    expect(ok(await c.helm(['upgrade', 'rel1', chart, '--set', 'greeting=hi', '--set', 'image=nginx:1.27', '--set', 'replicas=2', '--wait', '--timeout', '60s']))).toContain('REVISION: 2');
    const cfg = server.objects('configmaps', 'default').find((o) => o.metadata.name === 'rel1-cfg');
    expect(cfg?.data).toEqual({ greeting: 'hi' });
    const web = server.objects('deployments.apps', 'default').find((o) => o.metadata.name === 'rel1-web');
    expect(web?.spec).toMatchObject({ replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } });

    const history = ok(await c.helm(['history', 'rel1']));
    expect(history).toMatch(/1\s+.*superseded/);
    expect(history).toMatch(/2\s+.*deployed/);
    expect(ok(await c.helm(['rollback', 'rel1', '1', '--wait', '--timeout', '60s']))).toContain('Rollback was a success');
    expect(server.objects('configmaps', 'default').find((o) => o.metadata.name === 'rel1-cfg')?.data).toEqual({ greeting: 'hello' });

    expect(ok(await c.helm(['uninstall', 'rel1']))).toContain('release "rel1" uninstalled');
    expect(names('configmaps')).not.toContain('rel1-cfg');
    expect(names('deployments.apps')).not.toContain('rel1-web');
    expect(names('secrets').filter((n) => n.startsWith('sh.helm.release.v1.rel1'))).toEqual([]);
    expect(ok(await c.helm(['list']))).not.toContain('rel1');
  });

  it('installs a chart with a crds/ folder and its custom resources', async () => {
    const chart = await writeChart('gadgets', crdChart);
    expect(ok(await c.helm(['install', 'crel', chart]))).toContain('STATUS: deployed');
    expect(server.objects('gadgets.example.org', 'default').map((o) => [o.metadata.name, o.spec])).toEqual([['crel-g', { size: 2 }]]);
  });

  it('stores releases in ConfigMaps with HELM_DRIVER=configmap (protobuf ConfigMap bodies)', async () => {
    const chart = await writeChart('app2', { ...appChart, 'templates/hook.yaml': '' });
    const env = { HELM_DRIVER: 'configmap' };
    ok(await c.helm(['install', 'cmrel', chart, '--namespace', 'apps', '--create-namespace', '--set', 'greeting=cm'], env));
    const stored = server.objects('configmaps', 'apps').map((o) => o.metadata.name);
    expect(stored).toEqual(expect.arrayContaining(['cmrel-cfg', 'sh.helm.release.v1.cmrel.v1']));
    expect(ok(await c.helm(['list', '-n', 'apps'], env))).toMatch(/cmrel\s+apps\s+1/);
    ok(await c.helm(['uninstall', 'cmrel', '-n', 'apps'], env));
    expect(server.objects('configmaps', 'apps')).toEqual([]);
  });
});
