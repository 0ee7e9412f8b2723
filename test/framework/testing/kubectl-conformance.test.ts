/**
 * The real kubectl (tools/bin/kubectl) against the local API server over HTTPS: every command here
 * is one that operators' users and tests run against real clusters.
 */
import { spawn } from 'node:child_process';
import { LocalApiServer } from '../../../framework/testing/index.js';
import { type Clients, clientsFor, hasSystemKubectl, ok, waitFor, KUBECTL, SYSTEM_KUBECTL } from './harness.js';

const deployment = (image: string, extra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: ${image}
${extra}`;

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, minimum: 1, default: 1}
              color: {type: string, enum: [red, blue], default: red}
            x-kubernetes-validations:
            - rule: "self.size <= 10"
              message: size must be at most 10
          status:
            type: object
            x-kubernetes-preserve-unknown-fields: true
`;

/** The project's pinned kubectl, and the machine's version-dispatching kubectl where there is one. */
const binaries = [KUBECTL, ...(hasSystemKubectl ? [SYSTEM_KUBECTL] : [])];

describe.each(binaries)('%s against the local API server', (binary) => {
  let server: LocalApiServer;
  let c: Clients;

  beforeAll(async () => {
    server = await LocalApiServer.start();
    const clients = await clientsFor(server);
    c = { ...clients, kubectl: (args, opts = {}) => clients.kubectl(args, { binary, ...opts }) };
  });

  afterAll(async () => {
    await server.stop();
    await c.cleanup();
  });

  it('applies client-side (create, configure, unchanged) and reads with selectors and jsonpath', async () => {
    const f = await c.file('deploy.yaml', deployment('nginx:1.25'));
    expect(ok(await c.kubectl(['apply', '-f', f]))).toContain('deployment.apps/web created');
    await c.file('deploy.yaml', deployment('nginx:1.26'));
    expect(ok(await c.kubectl(['apply', '-f', f]))).toContain('deployment.apps/web configured');
    expect(ok(await c.kubectl(['apply', '-f', f]))).toContain('deployment.apps/web unchanged');
    expect(await c.kubectl(['diff', '-f', f])).toMatchObject({ exitCode: 0, stdout: '' });
    const changed = await c.kubectl(['diff', '-f', await c.file('deploy-next.yaml', deployment('nginx:1.30'))]);
    expect(changed.exitCode).toBe(1);
    expect(changed.stdout).toMatch(/^\+\s+- image: nginx:1\.30$/m);
    expect(ok(await c.kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.metadata.generation}']))).toBe('nginx:1.26 2');
    const cm = await c.file('cms.yaml', ['a:web', 'b:db', 'c:cache'].map((s) => {
      const [n, tier] = s.split(':');
      return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${n}, labels: {tier: ${tier}, app: shop}}\ndata: {k: "${n}"}\n`;
    }).join('---\n'));
    ok(await c.kubectl(['apply', '-f', cm]));
    expect(ok(await c.kubectl(['get', 'cm', '-l', 'app=shop,tier!=db', '-o', 'name'])).trim().split('\n')).toEqual(['configmap/cm-a', 'configmap/cm-c']);
    expect(ok(await c.kubectl(['get', 'cm', '-l', 'tier in (db,cache)', '-o', 'jsonpath={.items[*].metadata.name}']))).toBe('cm-b cm-c');
    expect(ok(await c.kubectl(['get', 'cm', '-l', '!tier', '-o', 'name']))).toBe('');
    expect(ok(await c.kubectl(['get', 'cm', '--field-selector', 'metadata.name=cm-b', '-o', 'name'])).trim()).toBe('configmap/cm-b');
    const table = ok(await c.kubectl(['get', 'deploy']));
    expect(table).toMatch(/NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    expect(table).toMatch(/web\s+1\/1\s+1\s+1/);
    expect(ok(await c.kubectl(['get', 'cm', '-A', '--show-labels']))).toMatch(/default\s+cm-a\s+1\s+\S+\s+app=shop,tier=web/);
    expect(ok(await c.kubectl(['rollout', 'status', 'deploy/web', '--timeout=20s']))).toContain('successfully rolled out');
    expect(ok(await c.kubectl(['get', 'all', '-o', 'name'])).split('\n')).toEqual(expect.arrayContaining(['deployment.apps/web', expect.stringMatching(/^replicaset\.apps\/web-[a-z0-9]{10}$/)]));
  });

  it('patches with strategic, merge and JSON patches, scales, and applies server-side', async () => {
    ok(await c.kubectl(['patch', 'deploy', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}']));
    expect(ok(await c.kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[*].image}']))).toBe('nginx:1.27');
    ok(await c.kubectl(['patch', 'cm', 'cm-a', '--type=merge', '-p', '{"data":{"extra":"1"}}']));
    ok(await c.kubectl(['patch', 'cm', 'cm-a', '--type=json', '-p', '[{"op":"replace","path":"/data/k","value":"z"}]']));
    expect(ok(await c.kubectl(['get', 'cm', 'cm-a', '-o', 'jsonpath={.data}']))).toBe('{"extra":"1","k":"z"}');
    expect(ok(await c.kubectl(['rollout', 'history', 'deploy/web']))).toMatch(/^1\s.*\n2\s.*\n3\s/m);
    ok(await c.kubectl(['rollout', 'undo', 'deploy/web']));
    expect(ok(await c.kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']))).toBe('nginx:1.26');
    ok(await c.kubectl(['rollout', 'undo', 'deploy/web']));
    expect(ok(await c.kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']))).toBe('nginx:1.27');
    ok(await c.kubectl(['scale', 'deploy', 'web', '--replicas=3']));
    expect(ok(await c.kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']))).toBe('3');
    expect(ok(await c.kubectl(['wait', '--for=condition=Available', 'deploy/web', '--timeout=20s']))).toContain('deployment.apps/web condition met');
    const dry = await c.file('dry-deploy.yaml', deployment('nginx:9.9'));
    expect(ok(await c.kubectl(['apply', '--dry-run=server', '-f', dry]))).toContain('deployment.apps/web configured (server dry run)');
    expect(ok(await c.kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']))).toBe('nginx:1.27');
    const ssa = await c.file('ssa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: "1"}\n');
    expect(ok(await c.kubectl(['apply', '--server-side', '-f', ssa]))).toContain('configmap/ssa serverside-applied');
    await c.file('ssa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: "2", b: "3"}\n');
    expect(ok(await c.kubectl(['apply', '--server-side', '-f', ssa]))).toContain('serverside-applied');
    expect(ok(await c.kubectl(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}{.data.b}']))).toBe('23');
  });

  it('creates, refuses duplicates, conflicts on a stale replace, and honours server dry-run', async () => {
    expect(ok(await c.kubectl(['create', 'cm', 'made', '--from-literal=x=1']))).toContain('configmap/made created');
    const dup = await c.kubectl(['create', 'cm', 'made', '--from-literal=x=1']);
    expect(dup.stderr).toContain('configmaps "made" already exists');
    const stale = ok(await c.kubectl(['get', 'cm', 'made', '-o', 'json']));
    ok(await c.kubectl(['label', 'cm', 'made', 'bumped=yes']));
    const f = await c.file('stale.json', stale.replace('"x": "1"', '"x": "2"'));
    const conflict = await c.kubectl(['replace', '-f', f]);
    expect(conflict.exitCode).not.toBe(0);
    expect(conflict.stderr).toContain('the object has been modified');
    expect(ok(await c.kubectl(['create', 'cm', 'dry', '--from-literal=a=b', '--dry-run=server']))).toContain('configmap/dry created (server dry run)');
    expect(server.objects('configmaps').map((o) => o.metadata.name)).not.toContain('dry');
    ok(await c.kubectl(['delete', 'cm', 'made', '--dry-run=server']));
    expect(server.objects('configmaps').map((o) => o.metadata.name)).toContain('made');
    const missingNs = await c.kubectl(['create', 'cm', 'x', '-n', 'nope']);
    expect(missingNs.stderr).toContain('namespaces "nope" not found');
    const strict = await c.file('bad.yaml', deployment('nginx', '      bogusField: 1\n').replace('name: web\n  labels', 'name: bad\n  labels'));
    const rejected = await c.kubectl(['apply', '-f', strict]);
    expect(rejected.exitCode).not.toBe(0);
    expect(rejected.stderr).toContain('unknown field "spec.template.spec.bogusField"');
  });

  it('deletes objects with finalizers only once the finalizers are removed', async () => {
    const f = await c.file('held.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: [example.com/hold]}\n');
    ok(await c.kubectl(['apply', '-f', f]));
    ok(await c.kubectl(['delete', 'cm', 'held', '--wait=false']));
    expect(ok(await c.kubectl(['get', 'cm', 'held', '-o', 'jsonpath={.metadata.deletionTimestamp}']))).toMatch(/^\d{4}-/);
    ok(await c.kubectl(['patch', 'cm', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']));
    expect((await c.kubectl(['get', 'cm', 'held'])).stderr).toContain('configmaps "held" not found');
  });

  it('streams changes to kubectl get -w until it is stopped', async () => {
    const child = spawn(binary, ['get', 'cm', '-w', '-o', 'name'], { env: { HOME: c.dir, KUBECONFIG: c.kubeconfig, PATH: process.env.PATH ?? '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitFor('the initial list', () => out.includes('configmap/cm-a'));
      server.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched-later', namespace: 'default' } });
      await waitFor('the watch event', () => out.includes('configmap/watched-later'));
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('explains built-in and custom kinds, answers auth can-i, applies kustomizations', async () => {
    expect(ok(await c.kubectl(['explain', 'deployment.spec.replicas']))).toContain('replicas');
    const crdFile = await c.file('crd.yaml', crd);
    ok(await c.kubectl(['apply', '-f', crdFile]));
    expect(ok(await c.kubectl(['explain', 'widgets.spec']))).toContain('size');
    expect(ok(await c.kubectl(['auth', 'can-i', 'create', 'deployments'])).trim()).toBe('yes');
    await c.file('kust/kustomization.yaml', 'resources: [cm.yaml]\nnamePrefix: k-\ncommonLabels: {via: kustomize}\n');
    await c.file('kust/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\ndata: {a: b}\n');
    expect(ok(await c.kubectl(['apply', '-k', `${c.dir}/kust`]))).toContain('configmap/k-one created');
    expect(ok(await c.kubectl(['get', 'cm', '-l', 'via=kustomize', '-o', 'name'])).trim()).toBe('configmap/k-one');
  });

  it('serves custom resources at once: defaults, CEL validation, printer columns, deletion with the CRD', async () => {
    const w = await c.file('w.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 3}\n');
    expect(ok(await c.kubectl(['apply', '-f', w]))).toContain('widget.example.com/w1 created');
    expect(ok(await c.kubectl(['get', 'wd', 'w1', '-o', 'jsonpath={.spec.color}']))).toBe('red');
    expect(ok(await c.kubectl(['get', 'widgets']))).toMatch(/NAME\s+SIZE\s*\nw1\s+3/);
    const big = await c.file('big.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w2}\nspec: {size: 11}\n');
    const rejected = await c.kubectl(['apply', '-f', big]);
    expect(rejected.stderr).toContain('size must be at most 10');
    const unknown = await c.file('unknown.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w3}\nspec: {size: 2, shape: round}\n');
    expect((await c.kubectl(['apply', '-f', unknown])).stderr).toContain('unknown field "spec.shape"');
    ok(await c.kubectl(['delete', 'crd', 'widgets.example.com']));
    expect(() => server.objects('widgets.example.com')).toThrow('not found');
    ok(await c.kubectl(['apply', '-f', await c.file('crd.yaml', crd)]));
    expect(server.objects('widgets.example.com')).toEqual([]);
  });
});

if (hasSystemKubectl) {
  describe('the machine\'s kubectl dispatcher', () => {
    it('runs the kubectl matching the minor version the server reports', async () => {
      const server = await LocalApiServer.start({ version: { major: '1', minor: '31' } });
      const c = await clientsFor(server);
      try {
        const v = JSON.parse(ok(await c.kubectl(['version', '-o', 'json'], { binary: SYSTEM_KUBECTL }))) as { clientVersion: { gitVersion: string }; serverVersion: { gitVersion: string } };
        expect(v.clientVersion.gitVersion).toMatch(/^v1\.31\./);
        expect(v.serverVersion.gitVersion).toBe('v1.31.0');
      } finally {
        await server.stop();
        await c.cleanup();
      }
    });
  });
}
