/** Status: conditions, status patches and Events, each written only when something changes. */
export { conditionsOf, upsertCondition, type Condition, type ConditionInput } from './conditions.js';
export { buildEvent, CORE_EVENTS, postEvent, type EventReporter, type EventType } from './events.js';
export { isContainedIn, StatusWriter } from './status-writer.js';
