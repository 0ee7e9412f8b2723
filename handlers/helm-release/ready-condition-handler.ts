/**
 * Keeps the `Ready` condition a summary of every other condition on a Kryton (see summarizeReady).
 * Registered after every concern's handler, so within one processing cycle it sees what they just
 * wrote; a short timer catches conditions that change outside a cycle (a handler's later retry).
 * It reads only the object it is given and writes only when Ready would change.
 */
import { OnCreate, OnResume, OnTimer, OnUpdate, Watches, type HandlerContext } from '../../framework/index.js';
import { KRYTONS, type Kryton } from '../kryton/types.js';
import { summarizeReady } from './release-conditions.js';

/** How stale Ready may get when a concern changes its condition outside a processing cycle. */
export const READY_RECHECK_SECONDS = 15;

@Watches(KRYTONS)
export class ReadyConditionHandler {
  @OnCreate()
  @OnResume()
  @OnUpdate()
  @OnTimer({ intervalSeconds: READY_RECHECK_SECONDS })
  async summarizeReady(ctx: HandlerContext<Kryton>): Promise<void> {
    if (ctx.object.metadata.deletionTimestamp) return;
    await ctx.setCondition(summarizeReady(ctx.object.status?.conditions));
  }
}
