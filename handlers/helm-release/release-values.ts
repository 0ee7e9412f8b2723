/**
 * The values a Kryton's Helm release is installed with — pure: the Kryton in, a fresh values
 * object out. `spec.values` is the base; the keys the operator must control (names the other
 * handlers rely on, the image tag from `spec.version`) are laid over it, so the user cannot
 * break the naming convention by setting them.
 */
import type { Kryton } from '../kryton/types.js';
import { krytonNames } from '../kryton/names.js';

export type Values = Record<string, unknown>;

function isPlainObject(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy of a JSON value (values come from JSON, so nothing else needs preserving). */
function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Merges `over` into `base` and returns a new object: nested objects merge key by key, anything
 * else in `over` (scalars, arrays, null) replaces what `base` had. Neither input is changed.
 */
export function deepMergeValues(base: Values, over: Values): Values {
  const out: Values = cloneJson(base);
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMergeValues(current, value) : cloneJson(value);
  }
  return out;
}

/**
 * The keys the operator sets on every install and upgrade; they win over `spec.values`. With
 * plugins declared, the chart must mount the plugins directory the plugin installer fills.
 */
export function injectedValues(kryton: Kryton): Values {
  const names = krytonNames(kryton.metadata.name ?? '');
  return {
    fullnameOverride: names.deployment,
    postgresql: { fullnameOverride: names.postgresFullname },
    image: { tag: kryton.spec.version },
    ...(kryton.spec.plugins?.length ? { plugins: { enabled: true } } : {}),
  };
}

/** `spec.values` deep-merged under the injected keys. */
export function buildReleaseValues(kryton: Kryton): Values {
  const userValues = isPlainObject(kryton.spec.values) ? kryton.spec.values : {};
  return deepMergeValues(userValues, injectedValues(kryton));
}
