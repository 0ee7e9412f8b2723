/**
 * The conditions the release handler reports — pure. `Released` is the release's own condition;
 * `Ready` summarizes every concern's condition on the object, so any handler may recompute it
 * after setting its own.
 */
import type { ConditionInput } from '../../framework/index.js';

export const RELEASED = 'Released';
export const READY = 'Ready';

interface ConditionLike {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/**
 * Ready is True when the release is deployed (Released=True) and no other concern reports False;
 * False names the first concern that is not; Unknown before the release was first attempted.
 */
export function summarizeReady(conditions: readonly ConditionLike[] | undefined): ConditionInput {
  const list = (conditions ?? []).filter((c) => c.type !== READY);
  const released = list.find((c) => c.type === RELEASED);
  if (!released) return { type: READY, status: 'Unknown', reason: 'ReleasePending', message: 'the Helm release has not been installed yet' };
  if (released.status !== 'True') {
    return { type: READY, status: released.status === 'False' ? 'False' : 'Unknown', reason: `${RELEASED}${released.status === 'False' ? 'False' : 'Unknown'}`, message: released.message ?? '' };
  }
  const failing = list.find((c) => c.status === 'False');
  if (failing) return { type: READY, status: 'False', reason: `${failing.type}False`, message: `${failing.type}: ${failing.message ?? failing.reason ?? ''}` };
  return { type: READY, status: 'True', reason: 'AllConcernsReady', message: `the Helm release is deployed${list.length > 1 ? ' and every other concern reports no problem' : ''}` };
}
