/** `kryton-operator local-cluster` as users run it: the built CLI, a real kubectl, and a clean stop on SIGTERM. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { KUBECTL, waitFor } from './harness.js';

describe('kryton-operator local-cluster', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kryton-local-cluster-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([[[] as string[], 'https'], [['--plain-http'], 'http']])('serves kubectl with %j over %s until SIGTERM', async (flags, scheme) => {
    const kubeconfig = join(dir, 'kubeconfig');
    const child = spawn(process.execPath, ['bin/kryton-operator.js', 'local-cluster', '--kubeconfig-out', kubeconfig, ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const line = await waitFor('the ready line', () => /^local API server ready at (\S+) \(kubeconfig: (.+)\)\n$/.exec(out), 20_000);
      expect(line[1]).toMatch(new RegExp(`^${scheme}://127\\.0\\.0\\.1:\\d+$`));
      expect(line[2]).toBe(kubeconfig);
      const r = await execa(KUBECTL, ['get', 'ns', '-o', 'name'], { env: { HOME: dir, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache') }, extendEnv: false });
      expect(r.stdout.split('\n')).toEqual(['namespace/default', 'namespace/kube-node-lease', 'namespace/kube-public', 'namespace/kube-system']);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
