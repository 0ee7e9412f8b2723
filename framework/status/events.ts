import type { KubeClient, KubeObject, ResourceRef } from '../client/types.js';

export const CORE_EVENTS: ResourceRef = { group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true };

export type EventType = 'Normal' | 'Warning';

const MAX_MESSAGE = 1024;

/** Who reports events: shown as the event's source in `kubectl describe`. */
export interface EventReporter {
  component: string;
  instance: string;
}

/** Pure: a core/v1 Event about `object` (kubectl describe lists these under Events). */
export function buildEvent(object: KubeObject, type: EventType, reason: string, message: string, reporter: EventReporter, now: Date): KubeObject {
  const at = now.toISOString();
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { generateName: `${object.metadata.name ?? 'object'}.`, namespace: object.metadata.namespace ?? 'default' },
    involvedObject: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
    },
    type,
    reason,
    message: shorten(message),
    source: { component: reporter.component },
    reportingComponent: reporter.component,
    reportingInstance: reporter.instance,
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
  };
}

function shorten(message: string): string {
  if (message.length <= MAX_MESSAGE) return message;
  const half = Math.floor((MAX_MESSAGE - 3) / 2);
  return `${message.slice(0, half)}...${message.slice(message.length - half)}`;
}

/** Posts an Event; events are advisory, so a failure is reported to `onError` instead of failing the handler. */
export async function postEvent(
  client: KubeClient,
  event: KubeObject,
  onError: (error: unknown) => void,
): Promise<void> {
  try {
    await client.create(CORE_EVENTS, event);
  } catch (error) {
    onError(error);
  }
}
