import type { KubeObject } from '../../../framework/index.js';
import { deploymentOwner } from '../../../handlers/plugins/plugins-handler.js';

const deployment = (name: string, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'team', ...(labels ? { labels } : {}) },
});

describe('deploymentOwner', () => {
  it('maps the release Deployment to the Kryton named by its instance label', () => {
    expect(deploymentOwner(deployment('notes', { 'app.kubernetes.io/instance': 'notes' }))).toEqual({ namespace: 'team', name: 'notes' });
  });

  it('ignores Deployments without the label or whose name is not the release name', () => {
    expect(deploymentOwner(deployment('notes'))).toBeUndefined();
    expect(deploymentOwner(deployment('notes-postgresql', { 'app.kubernetes.io/instance': 'notes' }))).toBeUndefined();
  });
});
