/**
 * Whether the object store credentials Secret is there with the keys the upload step reads.
 * Reads key names only; values are never looked at or logged.
 */
import type { KubeClient, KubeObject } from '../../framework/index.js';
import { SECRETS } from '../kryton/resources.js';
import { CREDENTIAL_KEYS } from './env-names.js';

export type CredentialsState =
  | { ok: true }
  | { ok: false; reason: 'CredentialsSecretMissing' | 'CredentialsSecretIncomplete'; message: string };

export async function checkCredentialsSecret(client: KubeClient, namespace: string, name: string): Promise<CredentialsState> {
  const secret = await client.get<KubeObject & { data?: Record<string, string> }>(SECRETS, name, namespace);
  const howTo =
    `kubectl -n ${namespace} create secret generic ${name} ` +
    CREDENTIAL_KEYS.map((key) => `--from-literal=${key}=<${key === CREDENTIAL_KEYS[0] ? 'access key' : 'secret key'}>`).join(' ');
  if (!secret) {
    return {
      ok: false,
      reason: 'CredentialsSecretMissing',
      message: `Secret ${namespace}/${name} (spec.backup.objectStore.credentialsSecretRef) does not exist; the backup pod needs its keys ${CREDENTIAL_KEYS.join(' and ')}: ${howTo}`,
    };
  }
  const present = new Set([...Object.keys(secret.data ?? {}), ...Object.keys((secret.stringData as Record<string, string> | undefined) ?? {})]);
  const missing = CREDENTIAL_KEYS.filter((key) => !present.has(key));
  if (missing.length > 0) {
    return {
      ok: false,
      reason: 'CredentialsSecretIncomplete',
      message: `Secret ${namespace}/${name} (spec.backup.objectStore.credentialsSecretRef) lacks the key(s) ${missing.join(' and ')}; the backup pod needs ${CREDENTIAL_KEYS.join(' and ')}`,
    };
  }
  return { ok: true };
}
