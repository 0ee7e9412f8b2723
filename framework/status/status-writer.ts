import type { KubeClient, KubeObject, ResourceRef } from '../client/types.js';
import { conditionsOf, upsertCondition, type ConditionInput } from './conditions.js';

/**
 * Writes an object's status through the status subresource, only when something changes. It keeps
 * the newest copy of the object it knows (`current`), updated from each write's response, so
 * comparisons need no extra read.
 */
export class StatusWriter {
  /** Condition types written during the current handler attempt. */
  readonly touchedConditions = new Set<string>();

  constructor(
    private readonly client: KubeClient,
    private readonly resource: ResourceRef,
    public current: KubeObject,
    private readonly now: () => number,
  ) {}

  /** Merge-patches `status` with `patch`; no request when every given field already has that value. */
  async patchStatus(patch: Record<string, unknown>): Promise<void> {
    if (isContainedIn(patch, this.current.status)) return;
    await this.write(patch);
  }

  async setCondition(input: ConditionInput): Promise<void> {
    this.touchedConditions.add(input.type);
    const { conditions, changed } = upsertCondition(conditionsOf(this.current), input, this.current.metadata.generation, new Date(this.now()));
    if (changed) await this.write({ conditions });
  }

  private async write(statusPatch: Record<string, unknown>): Promise<void> {
    const { name, namespace } = this.current.metadata;
    this.current = await this.client.patch(this.resource, name ?? '', namespace, { status: statusPatch }, 'merge', { subresource: 'status' });
  }
}

/** Whether every field of the merge patch `patch` already holds that value in `target` (null = absent). */
export function isContainedIn(patch: unknown, target: unknown): boolean {
  if (patch === null) return target === undefined || target === null;
  if (typeof patch !== 'object' || Array.isArray(patch)) return JSON.stringify(patch) === JSON.stringify(target);
  if (typeof target !== 'object' || target === null || Array.isArray(target)) return false;
  return Object.entries(patch).every(([k, v]) => isContainedIn(v, (target as Record<string, unknown>)[k]));
}
