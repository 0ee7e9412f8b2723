/**
 * The CRD under deploy/crd/bases is the one source of truth for the Kryton schema. Everything that
 * repeats it is generated, and so are the kustomize tree's operator manifests (from the operator
 * chart, so both install paths grant the same RBAC); this test regenerates into a temporary directory and fails when a
 * committed copy has drifted (fix: `npm run generate`).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');

describe('files generated from the Kryton CRD', () => {
  let outDir: string;
  let written: string[];

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'kryton-generate-'));
    written = [];
    for (const generator of ['generate-from-crd.mjs', 'generate-deploy-from-chart.mjs']) {
      const { stdout } = await execa(process.execPath, [join(root, 'scripts', generator), '--out', outDir]);
      written.push(...stdout.split('\n').filter(Boolean).map((line) => line.replace(/^wrote /, '')));
    }
  });

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('generates the types, the reference, the chart copy, the bundle and the kustomize manifests', () => {
    expect(written).toEqual(expect.arrayContaining([
      'handlers/kryton/types.ts',
      'docs/kryton-reference.md',
      'deploy/kryton-crds.yaml',
      'chart/kryton-operator/crds/kryton.azrtydxb.io_krytons.yaml',
      'deploy/rbac/role.yaml',
      'deploy/rbac/leader_election_role.yaml',
      'deploy/manager/manager.yaml',
    ]));
  });

  it('matches every committed copy byte for byte (run `npm run generate` when this fails)', async () => {
    for (const relativePath of written) {
      const fresh = await readFile(join(outDir, relativePath), 'utf8');
      const committed = await readFile(join(root, relativePath), 'utf8');
      expect({ file: relativePath, content: committed }).toEqual({ file: relativePath, content: fresh });
    }
  });

  it('puts a description on every field of the schema, so kubectl explain documents it', async () => {
    const crd = parse(await readFile(join(root, 'deploy/crd/bases/kryton.azrtydxb.io_krytons.yaml'), 'utf8'));
    const schema = crd.spec.versions[0].schema.openAPIV3Schema;
    const undocumented: string[] = [];
    const visit = (node: SchemaNode, path: string): void => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        const childPath = `${path}.${key}`;
        if (key !== 'metadata' && !child.description) undocumented.push(childPath);
        visit(child, childPath);
      }
      if (node.items) visit(node.items, `${path}[]`);
    };
    visit(schema, '');
    expect(undocumented).toEqual([]);
  });
});

interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}
