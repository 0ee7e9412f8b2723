import { createHash } from 'node:crypto';

/**
 * Annotation keys the framework persists under the operator's prefix. Kubernetes limits the name
 * part of a key to 63 characters of [A-Za-z0-9._-], starting and ending alphanumeric: long or
 * unusual handler ids are sanitised and, when cut, suffixed with a short hash so they stay unique.
 */
export function diffBaseKey(prefix: string): string {
  return `${prefix}/last-handled-configuration`;
}

export function progressKey(prefix: string, handlerId: string): string {
  return `${prefix}/${annotationName(`progress.${handlerId}`)}`;
}

export function isProgressKey(prefix: string, key: string): boolean {
  return key.startsWith(`${prefix}/progress.`);
}

const MAX_NAME = 63;

export function annotationName(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9._-]/g, '.');
  const trimmed = cleaned.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (trimmed === raw && trimmed.length <= MAX_NAME) return trimmed;
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 8);
  const head = trimmed.slice(0, MAX_NAME - hash.length - 1).replace(/[^A-Za-z0-9]+$/, '');
  return `${head}-${hash}`;
}
