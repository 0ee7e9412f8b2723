/**
 * `kryton-operator dev --samples` end to end: the built CLI as a child process, the real kubectl
 * pointed at the kubeconfig it prints, every sample Ready, then Ctrl-C (SIGINT) and a clean exit.
 * Needs `npm run build` first (npm test builds before running the suites).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { READY_LINE, readyBanner } from '../../../handlers/cli/dev.js';
import { packageRoot } from '../../../handlers/package-root.js';
import { locateBinary } from '../../../handlers/tools/verified-binary.js';
import { waitFor } from '../../support/wait-for.js';

const run = promisify(execFile);
const SAMPLE_KRYTONS = ['kryton-minimal', 'kryton-sample', 'kryton-with-plugins', 'kryton-team-a', 'kryton-team-b'];


describe('readyBanner', () => {
  const info = { url: 'https://127.0.0.1:6443', kubeconfigPath: '/home/me/project/.kryton-dev/kubeconfig', kubectlPath: '/k/kubectl', helmPath: '/k/helm', samples: true, namespace: 'default' };

  it('starts with the ready line and tells how to point kubectl at the server', () => {
    const text = readyBanner(info);
    expect(text.trimStart().startsWith(READY_LINE)).toBe(true);
    expect(text).toContain('export KUBECONFIG=/home/me/project/.kryton-dev/kubeconfig');
    expect(text).toContain('kubectl get krytons -A');
    expect(text).toContain('No pods run here');
  });

  it('suggests applying the samples when they were not applied', () => {
    expect(readyBanner({ ...info, samples: false })).toContain('kubectl apply -k deploy/samples -n default');
    expect(readyBanner(info)).not.toContain('kubectl apply -k deploy/samples');
  });
});

describe('kryton-operator dev --samples', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  let output = '';

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kryton-dev-'));
    output = '';
  });

  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('brings up the samples Ready for kubectl and stops cleanly on SIGINT', async () => {
    const bin = join(packageRoot(), 'bin', 'kryton-operator.js');
    const proc = spawn(process.execPath, [bin, 'dev', '--samples', '--dir', dir, '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    proc.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));

    const kubeconfig = await waitFor('the ready banner', async () => {
      if (proc.exitCode !== null) throw new Error(`dev exited early (${proc.exitCode}):\n${output}`);
      if (!output.includes(READY_LINE)) return undefined;
      return /export KUBECONFIG=(\S+)/.exec(output)?.[1];
    }, 90_000);
    expect(kubeconfig).toBe(join(dir, 'kubeconfig'));

    const kubectl = locateBinary('kubectl');
    const rows = await waitFor('every sample Kryton Ready in kubectl get krytons -A', async () => {
      const { stdout } = await run(kubectl, ['get', 'krytons', '-A', '--no-headers', '-o', 'custom-columns=NS:.metadata.namespace,NAME:.metadata.name,READY:.status.conditions[?(@.type=="Ready")].status'], { env: { ...process.env, KUBECONFIG: kubeconfig } });
      const lines = stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
      const names = lines.map((l) => l[1]);
      const allSamples = SAMPLE_KRYTONS.every((n) => names.includes(n));
      return allSamples && lines.every((l) => l[2] === 'True') ? lines : undefined;
    }, 180_000);
    expect(rows.map((r) => r[0])).toEqual(rows.map(() => 'default'));

    proc.kill('SIGINT');
    const exit = await exited;
    expect({ ...exit, stopped: output.includes('stopped') }).toEqual({ code: 0, signal: null, stopped: true });
  }, 300_000);
});
