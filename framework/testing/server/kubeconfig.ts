/** Renders the kubeconfig YAML kubectl, helm and client libraries use as is. */
import { stringify } from 'yaml';

export interface KubeconfigInput {
  server: string;
  caPem?: string;
  token: string;
  userName: string;
  namespace?: string;
}

export function renderKubeconfig(k: KubeconfigInput): string {
  const cluster: Record<string, string> = { server: k.server };
  if (k.caPem) cluster['certificate-authority-data'] = Buffer.from(k.caPem).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kryton-local', cluster }],
    users: [{ name: k.userName, user: { token: k.token } }],
    contexts: [{ name: 'kryton-local', context: { cluster: 'kryton-local', user: k.userName, namespace: k.namespace ?? 'default' } }],
    'current-context': 'kryton-local',
    preferences: {},
  });
}
