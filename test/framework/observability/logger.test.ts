import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { createLogger, objectLogger } from '../../../framework/observability/logger.js';

function capture(format: 'json' | 'text', level = 'info') {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== '')));
  return { logger: createLogger({ level, format, stream }), lines };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createLogger', () => {
  it('writes JSON lines carrying the object kind, namespace and name on every line of an object logger', async () => {
    const { logger, lines } = capture('json');
    const log = objectLogger(logger, { kind: 'Widget', metadata: { name: 'w1', namespace: 'team-a' } });
    log.info('handler started', { handler: 'create' });
    log.warn('retrying');
    await flush();
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ level: 'info', message: 'handler started', kind: 'Widget', namespace: 'team-a', name: 'w1', handler: 'create' });
    expect(second).toMatchObject({ level: 'warn', kind: 'Widget', namespace: 'team-a', name: 'w1' });
    expect(typeof first.timestamp).toBe('string');
  });

  it('writes readable text lines for terminals', async () => {
    const { logger, lines } = capture('text');
    objectLogger(logger, { kind: 'Widget', metadata: { name: 'w1' } }).info('done', { attempts: 2 });
    await flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\S+ INFO {2}done kind="Widget" name="w1" attempts=2$/);
  });

  it('drops lines below the level', async () => {
    const { logger, lines } = capture('json', 'warn');
    logger.info('quiet');
    logger.debug('quieter');
    logger.error('loud');
    await flush();
    expect(lines.map((l) => (JSON.parse(l) as { message: string }).message)).toEqual(['loud']);
  });

  it('never writes Secret data or credentials', async () => {
    const { logger, lines } = capture('json');
    logger.info('applied', {
      object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: 'aHVudGVyMg==' }, stringData: { token: 'hunter2' } },
      headers: { Authorization: 'Bearer abc.def' },
    });
    await flush();
    expect(lines[0]).not.toContain('aHVudGVyMg==');
    expect(lines[0]).not.toContain('hunter2');
    expect(lines[0]).not.toContain('abc.def');
    expect(JSON.parse(lines[0])).toMatchObject({ object: { kind: 'Secret', metadata: { name: 's' }, data: '[redacted]' } });
  });

  it('logs errors with their message', async () => {
    const { logger, lines } = capture('json');
    logger.error('failed', { error: new Error('disk full') });
    await flush();
    expect(JSON.parse(lines[0])).toMatchObject({ error: { message: 'disk full' } });
  });

  it('rejects an unknown level with the valid ones', () => {
    expect(() => createLogger({ level: 'loud', format: 'json' })).toThrow(/error, warn, info/);
  });
});
