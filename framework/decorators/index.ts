/**
 * Decorators: they only record metadata on handler classes (reflect-metadata). The registry reads
 * it at bootstrap; nothing here does I/O or touches a container instance.
 */
export { Watches } from './watches.js';
export { OnCreate, OnUpdate, OnDelete, OnResume, OnFieldChange, parseFieldPath } from './on-change.js';
export { OnTimer, type TimerOptions } from './on-timer.js';
export { OnOwnedChange, type OwnedChangeOptions } from './on-owned-change.js';
export { PRESENT, ABSENT, type HandlerOptions, type MetadataFilter, type MethodHandlerMetadata, type OwnerMapper, type Trigger, type TriggerKind } from './handler-spec.js';
export { WATCHED_RESOURCE_KEY, METHOD_HANDLERS_KEY } from './metadata-keys.js';
