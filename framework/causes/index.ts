/** Causes: pure functions from an object and its stored diff base to what must run. */
export { detectCause, type CauseInput, type ChangeCause } from './detect-cause.js';
export { diffValues, jsonEqual, narrowDiff, valueAt, type Diff, type DiffEntry } from './diff.js';
export { essenceOf, parseEssence, serializeEssence, type Essence } from './essence.js';
export { matchesFilters } from './filters.js';
export { needsFinalizer, selectChangeHandlers, type HandlerCause, type SelectedHandler, type SelectionInput } from './select-handlers.js';
