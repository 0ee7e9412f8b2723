/**
 * The kustomize tree renders strictly valid, restricted objects, and the Makefile's install story
 * (make install, make deploy IMG=…, make undeploy, make uninstall) works with the real kubectl
 * against the local API server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { type KubeObject } from '../../framework/index.js';
import { kubectlBinary, parseObjects, repoRoot } from '../chart/helm-cli.js';
import { strictValidationProblems } from '../chart/openapi-validation.js';
import { podSpecsOf, restrictedViolations } from '../chart/pod-security.js';
import { LocalCluster } from './local-cluster.js';

async function kustomize(dir: string): Promise<KubeObject[]> {
  const { stdout } = await execa(kubectlBinary, ['kustomize', dir]);
  return parseObjects(stdout);
}

describe('kubectl kustomize', () => {
  it.each(['default', 'crd', 'rbac', 'manager', 'samples'])('deploy/%s renders', async (dir) => {
    const objects = await kustomize(join(repoRoot, 'deploy', dir));
    expect(objects.length).toBeGreaterThan(0);
    expect(strictValidationProblems(objects.filter((o) => o.kind !== 'Kryton'))).toEqual([]);
  });

  it('deploy/default runs the operator in a restricted namespace, meeting the profile', async () => {
    const objects = await kustomize(join(repoRoot, 'deploy', 'default'));
    const namespace = objects.find((o) => o.kind === 'Namespace')!;
    expect(namespace.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    const pods = podSpecsOf(objects);
    expect(pods.map((p) => p.owner)).toEqual(['Deployment/kryton-operator']);
    expect(restrictedViolations(pods[0].podSpec)).toEqual([]);
  });
});

describe('the Makefile against a cluster', () => {
  let cluster: LocalCluster;
  let overlay: string;

  beforeAll(async () => {
    cluster = await LocalCluster.start();
    overlay = await mkdtemp(join(tmpdir(), 'kryton-overlay-'));
  });

  afterAll(async () => {
    await cluster.stop();
    await rm(overlay, { recursive: true, force: true });
  });

  const make = (args: string[]) => execa('make', ['--no-print-directory', ...args, `OVERLAY=${overlay}`], {
    cwd: repoRoot, reject: false, env: { KUBECONFIG: cluster.kubeconfig },
  });

  it('make deploy refuses to run without IMG', async () => {
    const result = await make(['deploy']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('make deploy needs the operator image');
  });

  it('make install, deploy IMG=…, undeploy and uninstall', async () => {
    expect((await make(['install'])).exitCode).toBe(0);
    await cluster.kubectlOk(['get', 'crd', 'krytons.kryton.azrtydxb.io']);

    const deploy = await make(['deploy', 'IMG=registry.example.com/kryton-operator:1.2.3']);
    expect({ exitCode: deploy.exitCode, stderr: deploy.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const deployment = JSON.parse(await cluster.kubectlOk(['-n', 'kryton-system', 'get', 'deployment', 'kryton-operator', '-o', 'json'])) as {
      spec: { template: { spec: { containers: Array<{ image: string; env: Array<{ name: string; value?: string }> }> } } };
    };
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe('registry.example.com/kryton-operator:1.2.3');
    expect(container.env.find((e) => e.name === 'KRYTON_OPERATOR_IMAGE')?.value).toBe('registry.example.com/kryton-operator:1.2.3');

    expect((await make(['undeploy'])).exitCode).toBe(0);
    expect((await cluster.kubectl(['get', 'clusterrole', 'kryton-operator-manager'])).exitCode).not.toBe(0);
    await cluster.kubectlOk(['get', 'crd', 'krytons.kryton.azrtydxb.io']);

    expect((await make(['uninstall'])).exitCode).toBe(0);
    expect((await cluster.kubectl(['get', 'crd', 'krytons.kryton.azrtydxb.io'])).exitCode).not.toBe(0);
  });
});
