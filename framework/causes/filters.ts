import type { KubeObject } from '../client/types.js';
import { ABSENT, PRESENT, type HandlerOptions, type MetadataFilter } from '../decorators/handler-spec.js';

/** Whether an object passes a handler's `labels`, `annotations` and `when` filters (all AND-ed). */
export function matchesFilters(options: Readonly<HandlerOptions>, object: KubeObject): boolean {
  return (
    matchesMetadata(options.labels, object.metadata.labels) &&
    matchesMetadata(options.annotations, object.metadata.annotations) &&
    (options.when ? options.when(object) : true)
  );
}

function matchesMetadata(filters: Record<string, MetadataFilter> | undefined, actual: Record<string, string> | undefined): boolean {
  if (!filters) return true;
  return Object.entries(filters).every(([key, filter]) => {
    const value = actual?.[key];
    if (filter === PRESENT) return value !== undefined;
    if (filter === ABSENT) return value === undefined;
    if (typeof filter === 'function') return filter(value);
    return value === filter;
  });
}
