import type { HandlerOptions } from './handler-spec.js';
import { recordTrigger } from './record-trigger.js';

/**
 * Runs when an object is first seen without a stored diff base (a new object, or one that existed
 * before the operator handled it). May run again after a restart before its success was recorded:
 * handlers must be idempotent.
 */
export function OnCreate(options?: HandlerOptions) {
  return recordTrigger({ kind: 'create' }, options);
}

/** Runs when the object's essence (spec, labels, annotations; not status) differs from the diff base. */
export function OnUpdate(options?: HandlerOptions) {
  return recordTrigger({ kind: 'update' }, options);
}

/**
 * Runs when the object is being deleted. Its presence makes the framework add the operator's
 * finalizer (before any create handler runs) and remove it once every delete handler succeeded.
 */
export function OnDelete(options?: HandlerOptions) {
  return recordTrigger({ kind: 'delete' }, options);
}

/** Runs for objects already handled before, the first time this operator process sees them. */
export function OnResume(options?: HandlerOptions) {
  return recordTrigger({ kind: 'resume' }, options);
}

/**
 * Runs on an update that adds, changes or removes the value at `path` (dot-separated, e.g.
 * 'spec.backup'); `ctx.old`/`ctx.new` hold the values at the path and `ctx.diff` is narrowed to it.
 */
export function OnFieldChange(path: string, options?: HandlerOptions) {
  return recordTrigger({ kind: 'field', path: parseFieldPath(path) }, options);
}

/** Splits 'spec.backup.schedule' into its parts, rejecting empty segments. */
export function parseFieldPath(path: string): string[] {
  const parts = path.split('.');
  if (path.trim() === '' || parts.some((p) => p === '')) {
    throw new TypeError(`field path '${path}' must be dot-separated names like 'spec.backup'`);
  }
  return parts;
}
