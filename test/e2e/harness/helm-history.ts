/**
 * Reads a Helm release's history straight from its storage Secrets (as `helm history` does), so
 * the suites can count what helm actually did: installs and upgrades that completed, rollbacks,
 * failures. Secret data is base64 of helm's own base64(gzip(JSON release)).
 */
import { gunzipSync } from 'node:zlib';
import { type LocalApiServer } from '../../../framework/testing/index.js';

export interface ReleaseRevision {
  revision: number;
  status: string;
  description: string;
  appVersion: string;
}

export function releaseHistory(server: LocalApiServer, namespace: string, release: string): ReleaseRevision[] {
  return server.objects('secrets', namespace)
    .filter((s) => s.metadata.labels?.owner === 'helm' && s.metadata.labels?.name === release)
    .map((s) => {
      const data = (s as { data?: Record<string, string> }).data?.release ?? '';
      const helmEncoded = Buffer.from(data, 'base64').toString('utf8');
      const parsed = JSON.parse(gunzipSync(Buffer.from(helmEncoded, 'base64')).toString('utf8')) as {
        version: number;
        info?: { status?: string; description?: string };
        chart?: { metadata?: { appVersion?: string } };
        config?: { image?: { tag?: string } };
      };
      return {
        revision: parsed.version,
        status: parsed.info?.status ?? '',
        description: parsed.info?.description ?? '',
        appVersion: parsed.config?.image?.tag ?? parsed.chart?.metadata?.appVersion ?? '',
      };
    })
    .sort((a, b) => a.revision - b.revision);
}

/** Revisions that applied a new configuration (installs and upgrades that completed), not rollbacks or failures. */
export function completedChanges(history: readonly ReleaseRevision[]): ReleaseRevision[] {
  return history.filter((r) => /^(Install|Upgrade) complete$/.test(r.description));
}
