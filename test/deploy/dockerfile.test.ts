/**
 * The operator image's recipe: everything it copies from the checkout exists, and the final stage
 * carries what the operator needs at run time (compiled code, the verified tools, the kryton chart,
 * the CRD) and runs as a non-root user.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../chart/helm-cli.js';

const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);
const finalStage = stages[stages.length - 1];

const copies = (stage: string) => [...stage.matchAll(/^COPY (?!--from)(\S+)/gm)].map((m) => m[1]);
const copiedFromBuild = (stage: string) => [...stage.matchAll(/^COPY --from=build \S+ \.\/(\S+)/gm)].map((m) => m[1]);

it('copies only paths that exist in the checkout', () => {
  const sources = stages.flatMap((stage) => copies(stage));
  expect(sources.length).toBeGreaterThan(0);
  expect(sources.filter((source) => !existsSync(join(repoRoot, source)))).toEqual([]);
});

it('ships the compiled operator, the verified tools, the kryton chart and the CRD', () => {
  const shipped = [...copies(finalStage), ...copiedFromBuild(finalStage)];
  expect(shipped).toEqual(expect.arrayContaining(['dist', 'tools', 'node_modules', 'bin', 'chart/kryton', 'deploy/crd']));
  expect(stages[0]).toMatch(/install-tools\.mjs verify/);
});

it('runs as a non-root user with helm writing under /tmp', () => {
  expect(finalStage).toMatch(/^USER 65532:65532$/m);
  expect(finalStage).toMatch(/HELM_CACHE_HOME=\/tmp\//);
});
