/**
 * docs/framework.md shows the worked example handler, its registration and its test as they are
 * in the repository: this fails when either side changes without the other.
 */
import { readFile } from 'node:fs/promises';

const read = (path: string) => readFile(path, 'utf8');

describe('the worked example in docs/framework.md', () => {
  let doc: string;
  beforeAll(async () => {
    doc = await read('docs/framework.md');
  });

  it.each(['handlers/examples/disruption-budget-handler.ts', 'handlers/examples/composition-root.ts'])('shows %s in full, as it is', async (path) => {
    const source = (await read(path)).trimEnd();
    expect(doc).toContain(`\`\`\`ts\n${source}\n\`\`\``);
  });

  it('shows the API-server test as it is', async () => {
    const test = await read('test/handlers/examples/disruption-budget-handler.test.ts');
    const start = test.indexOf("describe('DisruptionBudgetHandler against the local API server'");
    const end = test.indexOf("  it('creates nothing for one replica");
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    expect(doc).toContain(test.slice(start, end).trimEnd());
  });
});
