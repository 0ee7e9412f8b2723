/**
 * The operator chart's container arguments are accepted by the real `kryton-operator run` parser
 * and configure what the values say: the chart and the CLI cannot drift apart unnoticed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerRun, type RunConfig } from '../../handlers/cli/run.js';
import { Helm, operatorChart } from './helm-cli.js';

interface ContainerShape {
  args: string[];
  env: Array<{ name: string; value?: string }>;
}

let helm: Helm;
let workDir: string;

beforeAll(async () => {
  helm = await Helm.create();
  workDir = await mkdtemp(join(tmpdir(), 'kryton-operator-cli-'));
});

afterAll(async () => {
  await helm.dispose();
  await rm(workDir, { recursive: true, force: true });
});

/** The manager container's arguments with $(VAR) expanded from its env, as the kubelet does. */
async function containerArgs(values: Record<string, unknown>): Promise<string[]> {
  const file = join(workDir, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(values));
  const objects = await helm.template(operatorChart, 'kryton-operator', 'kryton-system', file);
  const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { template: { spec: { containers: ContainerShape[] } } } };
  const container = deployment.spec.template.spec.containers[0];
  const env = new Map(container.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
  return container.args.map((arg) => arg.replace(/\$\(([A-Z_]+)\)/g, (whole, name: string) => env.get(name) ?? whole));
}

async function parse(args: string[]): Promise<RunConfig> {
  let parsed: RunConfig | undefined;
  const program = new Command('kryton-operator').exitOverride();
  registerRun(program, async (config) => {
    parsed = config;
  });
  await program.parseAsync(args, { from: 'user' });
  if (!parsed) throw new Error('run did not start');
  return parsed;
}

it('the default values start the operator cluster-wide with leader election in its namespace', async () => {
  const config = await parse(await containerArgs({}));
  expect(config.namespaces).toBe('all');
  expect(config.leaderElection).toMatchObject({ namespace: 'kryton-system', name: 'kryton-operator' });
  expect(config.log).toEqual({ level: 'info', format: 'json' });
  expect(config.metricsAddress).toBe(':8080');
  expect(config.healthAddress).toBe(':8081');
  expect(config.images).toEqual({
    postgres: 'docker.io/library/postgres:16.6-bookworm',
    pluginInstaller: 'docker.io/curlimages/curl:8.10.1',
    operator: 'ghcr.io/azrtydxb/kryton/kryton-operator:0.1.0',
  });
});

it('namespaces, logging, concurrency, images and leader election follow the values', async () => {
  const config = await parse(await containerArgs({
    watchNamespaces: ['team-a', 'team-b'], logLevel: 'debug', logFormat: 'text', concurrency: 8,
    jobImages: { postgres: 'pg:17', pluginInstaller: 'curl:9', operator: 'op:1' },
    leaderElection: { enabled: false },
  }));
  expect(config).toMatchObject({
    namespaces: ['team-a', 'team-b'],
    leaderElection: false,
    log: { level: 'debug', format: 'text' },
    concurrency: 8,
    images: { postgres: 'pg:17', pluginInstaller: 'curl:9', operator: 'op:1' },
  });
});
