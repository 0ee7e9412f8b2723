import type { KubeClient, KubeObject } from '../client/types.js';
import type { Diff } from '../causes/diff.js';
import type { HandlerCause } from '../causes/select-handlers.js';
import type { Logger } from '../observability/logger.js';
import type { ConditionInput } from '../status/conditions.js';
import type { EventType } from '../status/events.js';

/** What a handler method receives. */
export interface HandlerContext<T extends KubeObject = KubeObject> {
  /** The newest state of the object when the attempt started. */
  readonly object: T;
  readonly cause: HandlerCause;
  /** What changed since the object was last handled; for field handlers, narrowed to the field. */
  readonly diff: Diff;
  /** Update handlers: the old/new essence; field handlers: the old/new value at the field's path. */
  readonly old: unknown;
  readonly new: unknown;
  /** Failed attempts before this one (0 on the first). */
  readonly retry: number;
  readonly handlerId: string;
  /** Stamps the object (kind, namespace, name), the handler id and the cause on every line. */
  readonly logger: Logger;
  readonly client: KubeClient;
  /** Aborted when the attempt times out or the operator shuts down. */
  readonly signal: AbortSignal;
  /** Merge-patches `status` (status subresource); no request when nothing would change. */
  patchStatus(patch: Record<string, unknown>): Promise<void>;
  /** Sets one standard condition; no request when nothing would change. */
  setCondition(condition: ConditionInput): Promise<void>;
  /** Posts a Kubernetes Event about the object (shown by `kubectl describe`). */
  event(type: EventType, reason: string, message: string): Promise<void>;
}
