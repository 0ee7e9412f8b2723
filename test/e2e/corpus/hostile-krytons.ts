/**
 * The hostile-input corpus: Kryton objects a careless or malicious user might apply. Each case
 * says what must happen: rejected at `kubectl apply` with a message naming the field, or accepted
 * and reported on the object (a condition and an Event). Payloads that would run a command write a
 * canary file if any shell ever evaluated them; the suite checks that file never appears.
 */

export type Expectation =
  /** `kubectl apply` fails and stderr names `field` (as kube-apiserver prints field paths). */
  | { outcome: 'rejected'; field: string }
  /** Stored; the operator sets `condition` to `status` and posts an Event with `event` as reason. */
  | { outcome: 'accepted'; condition: string; status: 'True' | 'False'; reason?: string; event: string; messageIncludes?: string };

export interface HostileCase {
  /** Becomes the object's name (`h-<id>`) unless `name` is given: lower-case, digits, hyphens. */
  id: string;
  /** The object's name, when the name itself is the hostile part. */
  name?: string;
  /** Why the case is in the corpus. */
  what: string;
  /** The whole manifest (apiVersion/kind/metadata filled in by the suite when absent). */
  manifest: Record<string, unknown>;
  expect: Expectation;
  /** Strings that must never be script text (`sh -c` programs) in any rendered container. */
  payloads?: string[];
  /** The payloads must also appear as args or env values of the containers the operator renders. */
  payloadsInOperatorContainers?: boolean;
}

/** The credentials Secret the backup cases reference; the suite creates it. */
export const CREDENTIALS_SECRET = 'backup-creds';
const DIGEST = 'a'.repeat(64);
/** A plugin URL that refuses connections at once, should anything ever try to download it. */
const UNREACHABLE = 'https://127.0.0.1:1';

const okBackup = () => ({
  schedule: '0 3 * * *',
  retention: '30d',
  objectStore: { bucket: 'kryton-backups', endpoint: 'https://minio.example.com', credentialsSecretRef: { name: CREDENTIALS_SECRET } },
});
const okPlugin = () => ({ name: 'example', url: `${UNREACHABLE}/example.tgz`, sha256: DIGEST });
const okSnapshot = () => ({ schedule: '0 4 * * *', retention: '7d' });

const spec = (extra: Record<string, unknown>) => ({ spec: { version: '4.5.0', ...extra } });
const rejected = (field: string): Expectation => ({ outcome: 'rejected', field });

/** Shell payloads, each writing `canary` if evaluated by a shell. */
export function shellPayloads(canary: string): Record<string, string> {
  return {
    substitution: `$(touch ${canary})`,
    backticks: `\`touch ${canary}\``,
    semicolon: `x; touch ${canary}`,
    pipe: `x | touch ${canary}`,
    quotes: `x' "; touch ${canary}; echo "'`,
    newline: `x\ntouch ${canary}\n`,
  };
}

/** The payloads squeezed into a URL path (no spaces: the CRD patterns refuse whitespace there). */
function urlPayloads(canary: string): Record<string, string> {
  return {
    substitution: `$(touch\${IFS}${canary})`,
    backticks: `\`touch\${IFS}${canary}\``,
    semicolon: `;touch\${IFS}${canary};`,
    pipe: `|touch\${IFS}${canary}`,
    quotes: `'";touch\${IFS}${canary};'"`,
    ampersand: `&touch\${IFS}${canary}&`,
  };
}

export function hostileCases(canary: string): HostileCase[] {
  const sh = shellPayloads(canary);
  const inUrl = urlPayloads(canary);
  const cases: HostileCase[] = [];
  const add = (c: HostileCase) => cases.push(c);

  // Wrong types.
  add({ id: 'type-version-number', what: 'spec.version as a number', manifest: { spec: { version: 450 } }, expect: rejected('spec.version') });
  add({ id: 'type-spec-string', what: 'spec as a string', manifest: { spec: 'version: 4.5.0' }, expect: rejected('spec') });
  add({ id: 'type-values-array', what: 'spec.values as a list', manifest: spec({ values: ['a', 'b'] }), expect: rejected('spec.values') });
  add({ id: 'type-plugins-object', what: 'spec.plugins as a map', manifest: spec({ plugins: { example: okPlugin() } }), expect: rejected('spec.plugins') });
  add({ id: 'type-backup-string', what: 'spec.backup as a string', manifest: spec({ backup: '0 3 * * *' }), expect: rejected('spec.backup') });
  add({ id: 'type-insecure-string', what: 'allowInsecureHttp as a string', manifest: spec({ plugins: [{ ...okPlugin(), allowInsecureHttp: 'yes' }] }), expect: rejected('spec.plugins[0].allowInsecureHttp') });

  // Missing required fields.
  add({ id: 'missing-spec', what: 'no spec at all', manifest: {}, expect: rejected('spec') });
  add({ id: 'missing-version', what: 'no spec.version', manifest: { spec: { values: {} } }, expect: rejected('spec.version') });
  add({ id: 'missing-schedule', what: 'backup without a schedule', manifest: spec({ backup: { objectStore: okBackup().objectStore } }), expect: rejected('spec.backup.schedule') });
  add({ id: 'missing-plugin-digest', what: 'plugin without sha256', manifest: spec({ plugins: [{ name: 'example', url: `${UNREACHABLE}/x.tgz` }] }), expect: rejected('spec.plugins[0].sha256') });
  add({ id: 'missing-bucket', what: 'object store without a bucket', manifest: spec({ backup: { ...okBackup(), objectStore: { endpoint: 'https://minio.example.com', credentialsSecretRef: { name: CREDENTIALS_SECRET } } } }), expect: rejected('spec.backup.objectStore.bucket') });
  add({
    id: 'missing-object-store',
    what: 'backup with a schedule but nowhere to upload: the CRD allows it, the operator reports it',
    manifest: spec({ backup: { schedule: '0 3 * * *' } }),
    expect: { outcome: 'accepted', condition: 'BackupReady', status: 'False', reason: 'InvalidBackupSpec', event: 'InvalidBackupSpec' },
  });
  add({
    id: 'missing-credentials-secret',
    what: 'credentials Secret that does not exist',
    manifest: spec({ backup: { ...okBackup(), objectStore: { ...okBackup().objectStore, credentialsSecretRef: { name: 'no-such-secret' } } } }),
    expect: { outcome: 'accepted', condition: 'BackupReady', status: 'False', reason: 'CredentialsSecretMissing', event: 'CredentialsSecretMissing' },
  });

  // Bad cron.
  add({ id: 'cron-three-fields', what: 'three cron fields', manifest: spec({ backup: { ...okBackup(), schedule: '* * *' } }), expect: rejected('spec.backup.schedule') });
  add({ id: 'cron-every', what: '@every is not a Kubernetes CronJob schedule', manifest: spec({ snapshot: { ...okSnapshot(), schedule: '@every 5m' } }), expect: rejected('spec.snapshot.schedule') });
  add({ id: 'cron-empty', what: 'empty schedule', manifest: spec({ snapshot: { schedule: '' } }), expect: rejected('spec.snapshot.schedule') });
  add({ id: 'cron-too-long', what: 'a 200-character schedule', manifest: spec({ backup: { ...okBackup(), schedule: `${'1,'.repeat(99)}1 * * * *` } }), expect: rejected('spec.backup.schedule') });

  // Bad retention.
  add({ id: 'retention-zero', what: 'zero retention', manifest: spec({ backup: { ...okBackup(), retention: '0d' } }), expect: rejected('spec.backup.retention') });
  add({ id: 'retention-negative', what: 'negative retention', manifest: spec({ snapshot: { ...okSnapshot(), retention: '-7d' } }), expect: rejected('spec.snapshot.retention') });
  add({ id: 'retention-unit', what: 'retention in years', manifest: spec({ snapshot: { ...okSnapshot(), retention: '1y' } }), expect: rejected('spec.snapshot.retention') });
  add({ id: 'retention-go-duration', what: 'retention as a Go duration', manifest: spec({ backup: { ...okBackup(), retention: '720h0m' } }), expect: rejected('spec.backup.retention') });

  // Bad digests.
  add({ id: 'digest-short', what: 'a 63-digit sha256', manifest: spec({ plugins: [{ ...okPlugin(), sha256: 'a'.repeat(63) }] }), expect: rejected('spec.plugins[0].sha256') });
  add({ id: 'digest-not-hex', what: 'a non-hex sha256', manifest: spec({ plugins: [{ ...okPlugin(), sha256: 'g'.repeat(64) }] }), expect: rejected('spec.plugins[0].sha256') });
  add({ id: 'digest-prefixed', what: 'sha256: prefixed digest', manifest: spec({ plugins: [{ ...okPlugin(), sha256: `sha256:${DIGEST}` }] }), expect: rejected('spec.plugins[0].sha256') });

  // Path traversal in plugin names.
  add({ id: 'traversal-dotdot', what: 'plugin name ../../etc/passwd', manifest: spec({ plugins: [{ ...okPlugin(), name: '../../etc/passwd' }] }), expect: rejected('spec.plugins[0].name') });
  add({ id: 'traversal-absolute', what: 'absolute plugin name', manifest: spec({ plugins: [{ ...okPlugin(), name: '/etc/cron.d/x' }] }), expect: rejected('spec.plugins[0].name') });
  add({ id: 'traversal-hidden', what: 'plugin name ..', manifest: spec({ plugins: [{ ...okPlugin(), name: '..' }] }), expect: rejected('spec.plugins[0].name') });
  add({ id: 'traversal-dash', what: 'plugin name that reads as an option', manifest: spec({ plugins: [{ ...okPlugin(), name: '-rf' }] }), expect: rejected('spec.plugins[0].name') });
  add({ id: 'traversal-second', what: 'traversal in the second plugin', manifest: spec({ plugins: [okPlugin(), { ...okPlugin(), name: 'a/../../b' }] }), expect: rejected('spec.plugins[1].name') });
  add({ id: 'duplicate-plugin', what: 'the same plugin name twice', manifest: spec({ plugins: [okPlugin(), okPlugin()] }), expect: rejected('spec.plugins[1]') });

  // Non-https and file:// URLs.
  add({ id: 'url-file', what: 'file:// plugin URL', manifest: spec({ plugins: [{ ...okPlugin(), url: 'file:///etc/passwd' }] }), expect: rejected('spec.plugins[0].url') });
  add({ id: 'url-http', what: 'plain http without allowInsecureHttp', manifest: spec({ plugins: [{ ...okPlugin(), url: 'http://127.0.0.1:1/x.tgz' }] }), expect: rejected('spec.plugins[0].url') });
  add({ id: 'url-ftp', what: 'ftp:// plugin URL', manifest: spec({ plugins: [{ ...okPlugin(), url: 'ftp://127.0.0.1/x.tgz' }] }), expect: rejected('spec.plugins[0].url') });
  add({ id: 'url-endpoint-file', what: 'file:// object store endpoint', manifest: spec({ backup: { ...okBackup(), objectStore: { ...okBackup().objectStore, endpoint: 'file:///var/lib/postgresql' } } }), expect: rejected('spec.backup.objectStore.endpoint') });
  add({
    id: 'url-http-allowed',
    what: 'plain http with allowInsecureHttp: true is the user\'s explicit choice',
    manifest: spec({ plugins: [{ ...okPlugin(), url: 'http://127.0.0.1:1/x.tgz', allowInsecureHttp: true }] }),
    expect: { outcome: 'accepted', condition: 'PluginsReady', status: 'True', reason: 'InitContainerConfigured', event: 'PluginInstallerApplied' },
  });

  // Shell metacharacters in every string field the CRD constrains: refused at admission.
  const strictFields: Array<[string, (p: string) => Record<string, unknown>]> = [
    ['spec.version', (p) => ({ spec: { version: p } })],
    ['spec.backup.schedule', (p) => spec({ backup: { ...okBackup(), schedule: p } })],
    ['spec.backup.retention', (p) => spec({ backup: { ...okBackup(), retention: p } })],
    ['spec.backup.objectStore.bucket', (p) => spec({ backup: { ...okBackup(), objectStore: { ...okBackup().objectStore, bucket: p } } })],
    ['spec.backup.objectStore.region', (p) => spec({ backup: { ...okBackup(), objectStore: { ...okBackup().objectStore, region: p } } })],
    ['spec.backup.objectStore.credentialsSecretRef.name', (p) => spec({ backup: { ...okBackup(), objectStore: { ...okBackup().objectStore, credentialsSecretRef: { name: p } } } })],
    ['spec.plugins[0].name', (p) => spec({ plugins: [{ ...okPlugin(), name: p }] })],
    ['spec.plugins[0].sha256', (p) => spec({ plugins: [{ ...okPlugin(), sha256: p }] })],
    ['spec.snapshot.schedule', (p) => spec({ snapshot: { ...okSnapshot(), schedule: p } })],
    ['spec.snapshot.retention', (p) => spec({ snapshot: { ...okSnapshot(), retention: p } })],
    ['spec.snapshot.volumeSnapshotClassName', (p) => spec({ snapshot: { ...okSnapshot(), volumeSnapshotClassName: p } })],
  ];
  const payloadList = Object.values(sh);
  strictFields.forEach(([field, build], i) => {
    const payload = payloadList[i % payloadList.length];
    const slug = field.replace(/^spec\./, '').replace(/\[0\]/g, '').replace(/[^a-z]+/gi, '-').toLowerCase();
    add({ id: `shell-${slug}`, what: `shell metacharacters in ${field}`, manifest: build(payload), expect: rejected(field) });
  });
  add({ id: 'shell-endpoint-space', what: 'a command with spaces in the endpoint', manifest: spec({ backup: { ...okBackup(), objectStore: { ...okBackup().objectStore, endpoint: `https://minio.example.com/${sh.substitution}` } } }), expect: rejected('spec.backup.objectStore.endpoint') });
  add({ id: 'shell-prefix-dollar', what: '$( in the prefix', manifest: spec({ backup: { ...okBackup(), objectStore: { ...okBackup().objectStore, prefix: sh.substitution } } }), expect: rejected('spec.backup.objectStore.prefix') });
  add({ id: 'shell-url-newline', what: 'a newline in the plugin URL', manifest: spec({ plugins: [{ ...okPlugin(), url: `${UNREACHABLE}/x\ntouch ${canary}` }] }), expect: rejected('spec.plugins[0].url') });

  // Shell metacharacters the CRD lets through (URL paths, prefixes, chart values): stored as data.
  for (const [kind, payload] of Object.entries(inUrl)) {
    add({
      id: `shell-plugin-url-${kind}`,
      what: `${kind} in a plugin URL`,
      manifest: spec({ plugins: [{ ...okPlugin(), url: `${UNREACHABLE}/${payload}` }] }),
      expect: { outcome: 'accepted', condition: 'PluginsReady', status: 'True', reason: 'InitContainerConfigured', event: 'PluginInstallerApplied' },
      payloads: [`${UNREACHABLE}/${payload}`],
      payloadsInOperatorContainers: true,
    });
  }
  // The endpoint pattern allows ; $ ( ) ' in the path but no braces or spaces.
  const endpoint = `https://minio.example.com/;touch$IFS${canary};$(touch$IFS${canary})'`;
  add({
    id: 'shell-endpoint',
    what: '; $( and quotes in the object store endpoint path',
    manifest: spec({ backup: { ...okBackup(), objectStore: { ...okBackup().objectStore, endpoint } } }),
    expect: { outcome: 'accepted', condition: 'BackupReady', status: 'True', reason: 'Scheduled', event: 'BackupScheduleApplied' },
    payloads: [endpoint],
    payloadsInOperatorContainers: true,
  });
  const prefix = "it's(a)prefix*!/";
  add({
    id: 'shell-prefix-quotes',
    what: 'quotes and parentheses in the backup prefix',
    manifest: spec({ backup: { ...okBackup(), objectStore: { ...okBackup().objectStore, prefix } } }),
    expect: { outcome: 'accepted', condition: 'BackupReady', status: 'True', reason: 'Scheduled', event: 'BackupScheduleApplied' },
    payloads: [prefix],
    payloadsInOperatorContainers: true,
  });

  // Chart values are the user's own configuration of their instance: the operator passes them to
  // helm as a values file, never through a shell, and reports what helm says about them.
  const installed: Expectation = { outcome: 'accepted', condition: 'Ready', status: 'True', event: 'Installed' };
  const payloadEnv = Object.fromEntries(Object.values(sh).map((p, i) => [`HOSTILE_${i}`, p]));
  add({ id: 'values-env-shell', what: 'every shell payload as server environment values', manifest: spec({ values: { env: { config: payloadEnv } } }), expect: installed, payloads: Object.values(sh) });
  add({ id: 'values-image-shell', what: '$( in the image repository', manifest: spec({ values: { image: { repository: sh.substitution } } }), expect: installed, payloads: [sh.substitution] });
  add({ id: 'values-password-shell', what: 'quotes and newlines in the database password', manifest: spec({ values: { postgresql: { auth: { password: `${sh.quotes}${sh.newline}` } } } }), expect: installed, payloads: [`${sh.quotes}${sh.newline}`] });
  add({ id: 'values-annotations-shell', what: 'every shell payload as pod annotations', manifest: spec({ values: { podAnnotations: Object.fromEntries(Object.entries(sh).map(([k, p]) => [`hostile/${k}`, p])) } }), expect: installed, payloads: Object.values(sh) });
  add({ id: 'values-name-override', what: 'values trying to rename the release objects', manifest: spec({ values: { fullnameOverride: 'x', nameOverride: '../../etc' } }), expect: installed });
  add({
    id: 'values-wrong-type',
    what: 'a shell payload where the chart wants a number',
    manifest: spec({ values: { replicaCount: sh.substitution } }),
    expect: { outcome: 'accepted', condition: 'Released', status: 'False', reason: 'InstallFailed', event: 'TemporaryError', messageIncludes: 'replicaCount' },
  });
  add({
    id: 'values-unknown-key',
    what: 'a values key the chart does not know',
    manifest: spec({ values: { [sh.semicolon]: true } }),
    expect: { outcome: 'accepted', condition: 'Released', status: 'False', reason: 'InstallFailed', event: 'TemporaryError', messageIncludes: 'Additional property' },
  });
  const huge = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`HUGE_${i}`, `${i}-${'x'.repeat(90)}`]));
  add({ id: 'values-huge', what: 'about 200 KB of spec.values', manifest: spec({ values: { env: { config: huge } } }), expect: installed });
  add({ id: 'annotation-shell', what: 'shell payloads in the Kryton\'s own annotations', manifest: { metadata: { annotations: { note: sh.substitution, other: sh.backticks } }, ...spec({}) }, expect: installed, payloads: [sh.substitution, sh.backticks] });

  // Names: Kubernetes allows 253 characters, a Helm release (named after the Kryton) 53.
  add({
    id: 'name-too-long-for-helm',
    name: `h-${'n'.repeat(58)}`,
    what: 'a 60-character name',
    manifest: spec({}),
    expect: { outcome: 'accepted', condition: 'Released', status: 'False', reason: 'InvalidName', event: 'PermanentError', messageIncludes: 'at most 53' },
  });

  // Unknown fields (kubectl's default --validate=strict asks the server to refuse them).
  add({ id: 'unknown-spec-field', what: 'an unknown spec field', manifest: spec({ replicas: 3 }), expect: rejected('spec.replicas') });
  add({ id: 'unknown-backup-field', what: 'an unknown backup field', manifest: spec({ backup: { ...okBackup(), command: sh.substitution } }), expect: rejected('spec.backup.command') });
  add({ id: 'unknown-plugin-field', what: 'an unknown plugin field', manifest: spec({ plugins: [{ ...okPlugin(), postInstall: sh.semicolon }] }), expect: rejected('spec.plugins[0].postInstall') });

  return cases;
}
