import type { Diff } from '../causes/diff.js';
import type { HandlerCause } from '../causes/select-handlers.js';
import { errorMessage } from '../errors.js';
import { objectLogger } from '../observability/logger.js';
import type { HandlerDefinition } from '../registry/handler-definition.js';
import { buildEvent, postEvent, type EventType } from '../status/events.js';
import type { StatusWriter } from '../status/status-writer.js';
import type { DispatchDeps } from './dispatch-deps.js';
import type { HandlerContext } from './handler-context.js';
import { invokeWithTimeout } from './invoke-with-timeout.js';
import { decideOutcome, type Outcome } from './outcome.js';

export interface AttemptInput {
  handler: HandlerDefinition;
  cause: HandlerCause;
  diff: Diff;
  old: unknown;
  new: unknown;
  failuresBefore: number;
  /** Shared across one processing cycle of one object: holds its newest known state. */
  status: StatusWriter;
}

/**
 * Runs one attempt of one handler and reports its outcome: a Warning Event for failures, a Normal
 * Event when it succeeds after failing, and its `condition` (if any) set True or False.
 */
export async function runAttempt(deps: DispatchDeps, input: AttemptInput): Promise<Outcome> {
  const { handler, status } = input;
  const object = status.current;
  const logger = objectLogger(deps.logger, object).child({ handler: handler.id, cause: input.cause });
  const postAbout = (type: EventType, reason: string, message: string) =>
    postEvent(deps.client, buildEvent(status.current, type, reason, message, deps.reporter, new Date(deps.now())), (error) =>
      logger.warn('could not post an Event', { reason, error: errorMessage(error) }),
    );
  status.touchedConditions.clear();
  const startedAt = performance.now();
  const error = await invokeWithTimeout(
    (signal) => {
      const context: HandlerContext = {
        object,
        cause: input.cause,
        diff: input.diff,
        old: input.old,
        new: input.new,
        retry: input.failuresBefore,
        handlerId: handler.id,
        logger,
        client: deps.client,
        signal,
        patchStatus: (patch) => status.patchStatus(patch),
        setCondition: (condition) => status.setCondition(condition),
        event: (type, reason, message) => postAbout(type, reason, message),
      };
      return handler.invoke(context);
    },
    handler.id,
    handler.options.timeoutSeconds,
    deps.signal,
  );
  const outcome = decideOutcome({ error, failuresBefore: input.failuresBefore, options: handler.options, handlerId: handler.id, mustSucceed: input.cause === 'delete' });
  deps.metrics?.recordHandler(handler.id, outcome.kind === 'success' ? 'success' : outcome.reason, (performance.now() - startedAt) / 1000);
  await report(input, outcome, logger, postAbout);
  return outcome;
}

async function report(
  input: AttemptInput,
  outcome: Outcome,
  logger: HandlerContext['logger'],
  postAbout: (type: EventType, reason: string, message: string) => Promise<void>,
): Promise<void> {
  const { handler, status } = input;
  const condition = handler.options.condition;
  if (outcome.kind === 'success') {
    logger.info('handler succeeded', { retry: input.failuresBefore });
    if (input.failuresBefore > 0) await postAbout('Normal', 'HandlerSucceeded', `${handler.id} succeeded after ${input.failuresBefore} failed attempt(s)`);
    if (condition && !status.touchedConditions.has(condition)) {
      await setConditionLogged(status, logger, { type: condition, status: 'True', reason: 'Succeeded', message: `${handler.id} succeeded` });
    }
    return;
  }
  const message =
    outcome.kind === 'retry'
      ? `${handler.id} failed (${outcome.reason}): ${outcome.message}; retrying in ${outcome.delaySeconds}s`
      : `${handler.id} failed permanently (${outcome.reason}): ${outcome.message}; it runs again when the object changes`;
  logger.warn('handler failed', { outcome: outcome.kind, reason: outcome.reason, error: outcome.message, retry: input.failuresBefore });
  await postAbout('Warning', outcome.reason, message);
  if (condition) await setConditionLogged(status, logger, { type: condition, status: 'False', reason: outcome.reason, message });
}

async function setConditionLogged(status: StatusWriter, logger: HandlerContext['logger'], condition: Parameters<StatusWriter['setCondition']>[0]): Promise<void> {
  try {
    await status.setCondition(condition);
  } catch (error) {
    logger.error('could not set the handler condition', { condition: condition.type, error: errorMessage(error) });
  }
}
