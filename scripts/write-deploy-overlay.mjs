#!/usr/bin/env node
// Writes the kustomize overlay `make deploy IMG=…` applies: deploy/default with the operator's image
// replaced, both on the container and in KRYTON_OPERATOR_IMAGE (the image the operator's own Jobs
// run). The image reaches the file as JSON data, never as text spliced into YAML.
//
// Usage: node scripts/write-deploy-overlay.mjs IMAGE [DIR]   (DIR defaults to .build/deploy)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [image, dir = join(root, '.build', 'deploy')] = process.argv.slice(2);
if (!image || !/^[^\s]+$/.test(image)) {
  console.error('usage: write-deploy-overlay.mjs IMAGE [DIR] — IMAGE is the operator image, e.g. ghcr.io/azrtydxb/kryton/kryton-operator:0.1.0');
  process.exit(2);
}

const patch = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'kryton-operator', namespace: 'kryton-system' },
  spec: {
    template: {
      spec: {
        containers: [{ name: 'manager', image, env: [{ name: 'KRYTON_OPERATOR_IMAGE', value: image }] }],
      },
    },
  },
};
const kustomization = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
  resources: [relative(dir, join(root, 'deploy', 'default'))],
  patches: [{ patch: JSON.stringify(patch) }],
};
mkdirSync(dir, { recursive: true });
// JSON is YAML: kustomize reads this file as it is.
writeFileSync(join(dir, 'kustomization.yaml'), `${JSON.stringify(kustomization, null, 2)}\n`);
console.log(`wrote ${join(dir, 'kustomization.yaml')}`);
