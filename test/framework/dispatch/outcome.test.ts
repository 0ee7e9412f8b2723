import { jest } from '@jest/globals';
import { backoffSeconds, decideOutcome, MAX_BACKOFF_SECONDS, type OutcomeInput } from '../../../framework/dispatch/outcome.js';
import { invokeWithTimeout } from '../../../framework/dispatch/invoke-with-timeout.js';
import { nextRecord } from '../../../framework/dispatch/process-change.js';
import { HandlerTimeoutError, PermanentError, TemporaryError } from '../../../framework/errors.js';

const input = (over: Partial<OutcomeInput>): OutcomeInput => ({ error: undefined, failuresBefore: 0, options: {}, handlerId: 'H.m', mustSucceed: false, ...over });

describe('decideOutcome', () => {
  test.each<[string, Partial<OutcomeInput>, object]>([
    ['success', {}, { kind: 'success' }],
    ['temporary with its own delay', { error: new TemporaryError('later', { delaySeconds: 42 }) }, { kind: 'retry', delaySeconds: 42, reason: 'TemporaryError', message: 'later' }],
    ['temporary without delay uses backoff', { error: new TemporaryError('later'), failuresBefore: 2 }, { kind: 'retry', delaySeconds: 4, reason: 'TemporaryError' }],
    ['any other error retried with backoff', { error: new Error('boom'), failuresBefore: 3, options: { backoffSeconds: 2 } }, { kind: 'retry', delaySeconds: 16, reason: 'Error', message: 'boom' }],
    ['timeout retried like a temporary error', { error: new HandlerTimeoutError('H.m', 5) }, { kind: 'retry', reason: 'Timeout', permanent: false }],
    ['permanent fails', { error: new PermanentError('bad spec') }, { kind: 'failed', reason: 'PermanentError', message: 'bad spec' }],
    ['retries exhausted fail', { error: new Error('boom'), failuresBefore: 2, options: { retries: 2 } }, { kind: 'failed', reason: 'RetriesExhausted' }],
    ['within retries retried', { error: new Error('boom'), failuresBefore: 1, options: { retries: 2 } }, { kind: 'retry', reason: 'Error' }],
    ['permanent delete failure keeps retrying', { error: new PermanentError('stuck'), mustSucceed: true, failuresBefore: 1 }, { kind: 'retry', delaySeconds: 2, permanent: true, reason: 'PermanentError' }],
    ['non-Error throwables have a message', { error: 'plain string' }, { kind: 'retry', message: 'plain string' }],
  ])('%s', (_name, over, expected) => {
    expect(decideOutcome(input(over))).toMatchObject(expected);
  });

  it('caps the backoff', () => {
    expect(backoffSeconds({}, 50)).toBe(MAX_BACKOFF_SECONDS);
    expect(backoffSeconds({ backoffSeconds: 0 }, 3)).toBe(0);
  });
});

describe('nextRecord', () => {
  const record = { digest: 'd', started: 's', retries: 1, delayedUntil: 'x', message: 'm' };
  it('records success, clearing the delay and message', () => {
    expect(nextRecord(record, { kind: 'success', reason: 'Succeeded' }, 0)).toEqual({ digest: 'd', started: 's', retries: 1, success: true });
  });
  it('records a retry time', () => {
    expect(nextRecord(record, { kind: 'retry', delaySeconds: 10, reason: 'Error', message: 'boom', permanent: false }, Date.parse('2026-01-01T00:00:00Z')))
      .toEqual({ digest: 'd', started: 's', retries: 2, delayedUntil: '2026-01-01T00:00:10.000Z', message: 'boom' });
  });
  it('records a permanent failure', () => {
    expect(nextRecord(record, { kind: 'failed', reason: 'PermanentError', message: 'bad' }, 0)).toEqual({ digest: 'd', started: 's', retries: 2, failure: true, message: 'bad' });
  });
});

describe('invokeWithTimeout', () => {
  afterEach(() => jest.useRealTimers());

  it('resolves undefined on success and the thrown error on failure', async () => {
    const never = new AbortController().signal;
    await expect(invokeWithTimeout(() => Promise.resolve(), 'h', 1, never)).resolves.toBeUndefined();
    const boom = new Error('boom');
    await expect(invokeWithTimeout(() => Promise.reject(boom), 'h', undefined, never)).resolves.toBe(boom);
  });

  it('aborts the attempt and reports a timeout after timeoutSeconds', async () => {
    jest.useFakeTimers();
    let seen: AbortSignal | undefined;
    const result = invokeWithTimeout((signal) => {
      seen = signal;
      return new Promise(() => undefined);
    }, 'H.slow', 5, new AbortController().signal);
    await jest.advanceTimersByTimeAsync(4999);
    expect(seen!.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBeInstanceOf(HandlerTimeoutError);
    expect(seen!.aborted).toBe(true);
  });

  it('passes operator shutdown on to the handler signal', async () => {
    const parent = new AbortController();
    const result = invokeWithTimeout((signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))), 'h', undefined, parent.signal);
    parent.abort();
    await expect(result).resolves.toMatchObject({ message: 'aborted' });
  });
});
