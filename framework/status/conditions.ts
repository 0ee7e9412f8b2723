/** Standard Kubernetes status conditions (metav1.Condition shape). */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

export type ConditionInput = Pick<Condition, 'type' | 'status' | 'reason' | 'message'>;

/**
 * Pure: the condition list with `input` set. `lastTransitionTime` moves only when the status
 * changes; `changed` is false when nothing at all would be written.
 */
export function upsertCondition(
  conditions: readonly Condition[] | undefined,
  input: ConditionInput,
  generation: number | undefined,
  now: Date,
): { conditions: Condition[]; changed: boolean } {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === input.type);
  const previous = index >= 0 ? list[index] : undefined;
  const next: Condition = {
    type: input.type,
    status: input.status,
    reason: input.reason,
    message: input.message,
    lastTransitionTime: previous && previous.status === input.status ? previous.lastTransitionTime : now.toISOString(),
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
  const changed =
    !previous ||
    previous.status !== next.status ||
    previous.reason !== next.reason ||
    previous.message !== next.message ||
    previous.observedGeneration !== next.observedGeneration;
  if (!changed) return { conditions: list, changed: false };
  if (index >= 0) list[index] = next;
  else list.push(next);
  return { conditions: list, changed: true };
}

/** Reads `status.conditions` from any object, tolerating its absence. */
export function conditionsOf(object: object): Condition[] | undefined {
  const status = (object as { status?: unknown }).status as { conditions?: unknown } | undefined;
  return Array.isArray(status?.conditions) ? (status.conditions as Condition[]) : undefined;
}
