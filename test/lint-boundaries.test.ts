import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { packageRoot } from '../handlers/package-root.js';

// The import boundaries are lint rules in .eslintrc.json; this runs exactly those rules over probe
// sources placed in each folder, so a loosened pattern fails here rather than in review.
interface EslintrcOverride {
  files: string[];
  rules: Linter.RulesRecord;
}

function boundaryLinter(): ESLint {
  const root = packageRoot();
  const config = JSON.parse(readFileSync(join(root, '.eslintrc.json'), 'utf8')) as {
    rules: Linter.RulesRecord;
    overrides: EslintrcOverride[];
  };
  const only = (rules: Linter.RulesRecord): Linter.RulesRecord => ({ 'no-restricted-imports': rules['no-restricted-imports'] });
  return new ESLint({
    cwd: root,
    useEslintrc: false,
    baseConfig: {
      parser: '@typescript-eslint/parser',
      parserOptions: { sourceType: 'module', ecmaVersion: 2023 },
      rules: only(config.rules),
      overrides: config.overrides.filter((o) => o.rules['no-restricted-imports']).map((o) => ({ files: o.files, rules: only(o.rules) })),
    },
  });
}

async function restricted(filePath: string, source: string): Promise<string[]> {
  const [result] = await boundaryLinter().lintText(source, { filePath: join(packageRoot(), filePath) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('lets handlers/ import the framework through its public entry points only', async () => {
    expect(await restricted('handlers/x/probe.ts', "import { a } from '../../framework/index.js';\nexport { a };\n")).toEqual([]);
    expect(await restricted('handlers/x/probe.ts', "import { a } from '../../framework/testing/index.js';\nexport { a };\n")).toEqual([]);
    expect(await restricted('handlers/x/probe.ts', "import { a } from '../../framework/client/types.js';\nexport { a };\n")).toHaveLength(1);
    expect(await restricted('handlers/x/probe.ts', "import { a } from '../../framework/testing/server/store.js';\nexport { a };\n")).toHaveLength(1);
  });

  it('keeps framework/ from importing handlers/', async () => {
    expect(await restricted('framework/x/probe.ts', "import { a } from '../../handlers/kryton/types.js';\nexport { a };\n")).toHaveLength(1);
  });

  it('keeps @kubernetes/client-node inside framework/client/', async () => {
    const source = "import { KubeConfig } from '@kubernetes/client-node';\nexport { KubeConfig };\n";
    expect(await restricted('framework/client/probe.ts', source)).toEqual([]);
    expect(await restricted('framework/watch/probe.ts', source)).toHaveLength(1);
    expect(await restricted('handlers/x/probe.ts', source)).toHaveLength(1);
  });
});
