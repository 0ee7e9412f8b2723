/**
 * The fingerprint of everything a Helm release's rendering depends on. Equal fingerprints mean a
 * `helm upgrade` would change nothing, so the operator runs no helm process at all.
 */
import { createHash } from 'node:crypto';

export interface ReleaseInputs {
  chartVersion: string;
  /** Digest of the chart directory's files (see chartDigest). */
  chartDigest: string;
  values: unknown;
  /** The helm flags that change what an upgrade does (not timeouts of this process). */
  flags: unknown;
}

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (value === undefined) return 'null';
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`cannot fingerprint the non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** `sha256:<hex>` of the canonical JSON of the inputs. */
export function releaseInputsHash(inputs: ReleaseInputs): string {
  const text = canonicalJson({ chartVersion: inputs.chartVersion, chartDigest: inputs.chartDigest, values: inputs.values, flags: inputs.flags });
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
