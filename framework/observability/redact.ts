const SENSITIVE_KEYS = /^(authorization|password|passwd|token|bearer|client-key-data|private-?key)$/i;
const MAX_DEPTH = 8;

/**
 * A copy of log metadata with secrets removed: the data/stringData of anything shaped like a
 * Secret, and values under credential-like keys. Log lines never carry Secret contents.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const record = value as Record<string, unknown>;
  const isSecret = record.kind === 'Secret';
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) {
    if (SENSITIVE_KEYS.test(key) || (isSecret && (key === 'data' || key === 'stringData'))) {
      copy[key] = '[redacted]';
    } else {
      copy[key] = redactSecrets(inner, depth + 1);
    }
  }
  return copy;
}
