import type { KubeObject, ResourceRef } from '../client/types.js';

/** Filter value for `labels` / `annotations`: present with any value, or absent. */
export const PRESENT: unique symbol = Symbol('framework:present');
export const ABSENT: unique symbol = Symbol('framework:absent');

/** An exact value, `PRESENT`, `ABSENT`, or a predicate on the value (undefined when absent). */
export type MetadataFilter = string | typeof PRESENT | typeof ABSENT | ((value: string | undefined) => boolean);

/** Options every method decorator accepts. Options from several decorators on one method are merged. */
export interface HandlerOptions {
  /** Stable id, persisted in progress annotations. Defaults to `ClassName.methodName`. */
  id?: string;
  /** Run only for objects whose labels match every entry (AND). */
  labels?: Record<string, MetadataFilter>;
  /** Run only for objects whose annotations match every entry (AND). */
  annotations?: Record<string, MetadataFilter>;
  /** Run only when this returns true for the object. */
  when?: (object: KubeObject) => boolean;
  /** Failed attempts allowed before the handler counts as permanently failed. Defaults to unlimited. */
  retries?: number;
  /** First retry delay; doubled per retry up to 300 s. Defaults to 1 s. */
  backoffSeconds?: number;
  /** Limit of one attempt; a timed-out attempt is aborted (ctx.signal) and retried. Defaults to none. */
  timeoutSeconds?: number;
  /** Status condition type the framework sets True/False from the handler's outcome. */
  condition?: string;
}

/** What wakes a handler. One method may carry several triggers; it still runs once per event. */
export type Trigger =
  | { kind: 'create' }
  | { kind: 'update' }
  | { kind: 'delete' }
  | { kind: 'resume' }
  | { kind: 'field'; path: readonly string[] }
  | { kind: 'timer'; intervalSeconds: number; initialDelaySeconds: number }
  | { kind: 'owned'; resource: ResourceRef; mapToOwner?: OwnerMapper };

/** Maps a child object to the watched object it belongs to; undefined when it belongs to none. */
export type OwnerMapper = (child: KubeObject) => { namespace?: string; name: string } | undefined;

/** What the decorators recorded for one method. */
export interface MethodHandlerMetadata {
  readonly methodName: string;
  readonly triggers: readonly Trigger[];
  readonly options: Readonly<HandlerOptions>;
}

export type TriggerKind = Trigger['kind'];
