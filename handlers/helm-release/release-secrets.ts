/** Reads a release's state from the labels of helm's release Secrets (one list, label-selected). */
import type { KubeClient } from '../../framework/index.js';
import { SECRETS } from '../kryton/resources.js';
import { releaseStateFromLabels, type ReleaseState } from './release-state.js';

export async function readReleaseState(client: KubeClient, namespace: string, release: string): Promise<ReleaseState> {
  const { items } = await client.list(SECRETS, { namespace, labelSelector: `owner=helm,name=${release}` });
  return releaseStateFromLabels(release, items.map((secret) => secret.metadata.labels ?? {}));
}
