import type { KubeObject } from '../client/types.js';
import { hasTrigger, type HandlerDefinition } from '../registry/handler-definition.js';
import type { ChangeCause } from './detect-cause.js';
import { diffValues, narrowDiff, valueAt, type Diff } from './diff.js';
import { essenceOf, type Essence } from './essence.js';
import { matchesFilters } from './filters.js';

/** Why a handler runs, as its context reports it. */
export type HandlerCause = 'create' | 'update' | 'delete' | 'resume' | 'field' | 'timer' | 'owned';

/** One handler picked for a change, with what it is told about the change. */
export interface SelectedHandler {
  handler: HandlerDefinition;
  cause: HandlerCause;
  diff: Diff;
  old: unknown;
  new: unknown;
}

export interface SelectionInput {
  cause: ChangeCause;
  object: KubeObject;
  diffBase: Essence | undefined;
  isInitialListing: boolean;
  annotationPrefix: string;
  handlers: readonly HandlerDefinition[];
}

/**
 * Pure: the handlers a change cause runs, in registration order, each once even when several of
 * its triggers match. Resume handlers join the first cause seen after start (create or update);
 * field handlers run on updates that touch their path.
 */
export function selectChangeHandlers(input: SelectionInput): SelectedHandler[] {
  const { cause, object } = input;
  if (cause === 'noop' || cause === 'gone') return [];
  const essence = essenceOf(object, input.annotationPrefix);
  const fullDiff = diffValues(input.diffBase ?? {}, essence);
  const selected: SelectedHandler[] = [];
  for (const handler of input.handlers) {
    if (!matchesFilters(handler.options, object)) continue;
    const pick = pickTrigger(handler, input, essence, fullDiff);
    if (pick) selected.push({ handler, ...pick });
  }
  return selected;
}

function pickTrigger(handler: HandlerDefinition, input: SelectionInput, essence: Essence, fullDiff: Diff): Omit<SelectedHandler, 'handler'> | undefined {
  const whole = { diff: fullDiff, old: input.diffBase, new: essence };
  const withResume = input.isInitialListing && hasTrigger(handler, 'resume');
  switch (input.cause) {
    case 'delete':
      return hasTrigger(handler, 'delete') ? { cause: 'delete', diff: [], old: essence, new: undefined } : undefined;
    case 'resume':
      return hasTrigger(handler, 'resume') ? { cause: 'resume', diff: [], old: essence, new: essence } : undefined;
    case 'create':
      if (hasTrigger(handler, 'create')) return { cause: 'create', ...whole };
      return withResume ? { cause: 'resume', ...whole } : undefined;
    case 'update': {
      if (hasTrigger(handler, 'update')) return { cause: 'update', ...whole };
      const field = changedField(handler, input.diffBase, essence);
      if (field) return { cause: 'field', diff: narrowDiff(input.diffBase, essence, field), old: valueAt(input.diffBase, field), new: valueAt(essence, field) };
      return withResume ? { cause: 'resume', ...whole } : undefined;
    }
    default:
      return undefined;
  }
}

/** The first of the handler's field paths whose value differs between the diff base and now. */
function changedField(handler: HandlerDefinition, diffBase: Essence | undefined, essence: Essence): readonly string[] | undefined {
  for (const trigger of handler.triggers) {
    if (trigger.kind === 'field' && narrowDiff(diffBase, essence, trigger.path).length > 0) return trigger.path;
  }
  return undefined;
}

/** Whether any delete handler applies to the object (decides the finalizer). */
export function needsFinalizer(handlers: readonly HandlerDefinition[], object: KubeObject): boolean {
  return handlers.some((h) => hasTrigger(h, 'delete') && matchesFilters(h.options, object));
}
