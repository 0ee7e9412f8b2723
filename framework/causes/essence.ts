import type { KubeObject } from '../client/types.js';
import { diffBaseKey, isProgressKey } from '../progress/annotation-keys.js';

/**
 * The part of an object whose changes are worth handling: everything but `status`, apiVersion, kind
 * and metadata, plus `metadata.labels` and `metadata.annotations` without the framework's own
 * annotations (diff base, progress records) and kubectl's last-applied copy. Other annotations under
 * the prefix (user-facing switches) do count as changes. Empty stanzas are dropped, so
 * `labels: {}` and no labels are the same essence.
 */
export type Essence = Record<string, unknown>;

const KUBECTL_LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function essenceOf(object: KubeObject, annotationPrefix: string): Essence {
  const { apiVersion: _a, kind: _k, metadata, status: _s, ...rest } = object;
  const annotations = Object.fromEntries(
    Object.entries(metadata.annotations ?? {}).filter(([key]) => key !== KUBECTL_LAST_APPLIED && key !== diffBaseKey(annotationPrefix) && !isProgressKey(annotationPrefix, key)),
  );
  const essence: Essence = { ...rest };
  const meta: Record<string, unknown> = {};
  if (metadata.labels && Object.keys(metadata.labels).length > 0) meta.labels = metadata.labels;
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  if (Object.keys(meta).length > 0) essence.metadata = meta;
  return dropEmpty(essence) as Essence;
}

function dropEmpty(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const cleaned = dropEmpty(v);
    if (cleaned === undefined) continue;
    if (typeof cleaned === 'object' && cleaned !== null && !Array.isArray(cleaned) && Object.keys(cleaned).length === 0) continue;
    out[k] = cleaned;
  }
  return out;
}

/** Compact JSON with sorted keys plus a trailing newline (readable in `kubectl get -o yaml`). */
export function serializeEssence(essence: Essence): string {
  return `${JSON.stringify(sortKeys(essence))}\n`;
}

/** Parses a stored diff base; undefined when absent, and an error naming the annotation when corrupt. */
export function parseEssence(text: string | undefined, annotationKey: string): Essence | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`annotation ${annotationKey} is not valid JSON (${(error as Error).message}); remove it to make the operator treat the object as new`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`annotation ${annotationKey} must hold a JSON object; remove it to make the operator treat the object as new`);
  }
  return parsed as Essence;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
}
