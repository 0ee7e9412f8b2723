/**
 * Turns helm's stderr into a message fit for a status condition and an Event: the error lines only,
 * one line, bounded, and with anything that looks like a secret replaced. Conditions and Events
 * are readable by anyone who can read the Kryton, so a password echoed by a failing template must
 * never reach them.
 */

export const REDACTED = '[redacted]';
const MAX_LENGTH = 1000;
/** Values shorter than this are too likely to occur by accident in ordinary text. */
const MIN_SECRET_LENGTH = 6;
const SECRET_KEY = /pass(word)?|secret|token|credential|private|apikey|api[-_]?key|access[-_]?key/i;

/** klog warnings and helm's own notices that say nothing about the failure. */
const NOISE = [/^[IWE]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s/, /^WARNING: /, /^walk\.go:/];

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g, REDACTED],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // key=value or key: value where the key names a secret
  [/\b([\w.-]*(?:pass(?:word)?|secret|token|credential|api[-_]?key|access[-_]?key|private[-_]?key)[\w.-]*)(["']?\s*[:=]\s*["']?)([^\s"',}]+)/gi, `$1$2${REDACTED}`],
  // user:password@ in URLs
  [/(\w+:\/\/[^/\s:@]+:)[^@\s/]+@/g, `$1${REDACTED}@`],
  // long base64 / hex runs (encoded keys, tokens, Secret data)
  [/[A-Za-z0-9+/_-]{40,}={0,2}/g, REDACTED],
];

/** Strings under secret-looking keys anywhere in the values (env.secret.*, *.password, …). */
export function secretStringsIn(values: unknown, underSecretKey = false): string[] {
  if (typeof values === 'string') return underSecretKey && values.length >= MIN_SECRET_LENGTH ? [values] : [];
  if (Array.isArray(values)) return values.flatMap((v) => secretStringsIn(v, underSecretKey));
  if (typeof values !== 'object' || values === null) return [];
  return Object.entries(values).flatMap(([key, value]) => secretStringsIn(value, underSecretKey || SECRET_KEY.test(key)));
}

function replaceAll(text: string, needle: string, replacement: string): string {
  return text.split(needle).join(replacement);
}

/**
 * One bounded line from helm's stderr: noise dropped, `Error: ` dropped, secrets (known values
 * and secret-looking patterns) replaced by [redacted].
 */
export function trimHelmMessage(stderr: string, knownSecrets: readonly string[] = []): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !NOISE.some((re) => re.test(line)))
    .map((line) => line.replace(/^Error:\s*/, ''));
  let text = lines.join('; ').replace(/\s+/g, ' ');
  for (const secret of [...knownSecrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= MIN_SECRET_LENGTH) text = replaceAll(text, secret, REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) text = text.replace(pattern, replacement);
  if (text === '') return 'helm failed without an error message';
  return text.length <= MAX_LENGTH ? text : `${text.slice(0, MAX_LENGTH - 3)}...`;
}
