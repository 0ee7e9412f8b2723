import winston from 'winston';
import { redactSecrets } from './redact.js';

export type LogMeta = Record<string, unknown>;

/** The narrow logging surface the framework uses; a winston Logger satisfies it. */
export interface Logger {
  debug(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  error(message: string, meta?: LogMeta): void;
  child(meta: LogMeta): Logger;
}

export interface LoggerOptions {
  /** winston npm levels: error, warn, info, http, verbose, debug, silly. */
  level: string;
  /** `json` for log collectors (in a cluster), `text` for people at a terminal. */
  format: 'json' | 'text';
  /** Where lines go; standard output by default. */
  stream?: NodeJS.WritableStream;
}

const LEVELS = Object.keys(winston.config.npm.levels);

const redaction = winston.format((info) => {
  for (const key of Object.keys(info)) {
    info[key] = redactSecrets(info[key]);
  }
  return info;
});

const errorsAsText = winston.format((info) => {
  for (const [key, value] of Object.entries(info)) {
    if (value instanceof Error) info[key] = { message: value.message, name: value.name, stack: value.stack };
  }
  return info;
});

function textLine(info: winston.Logform.TransformableInfo): string {
  const { level, message, timestamp, ...rest } = info;
  const fields = Object.entries(rest)
    .filter(([key]) => typeof key === 'string')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value)}`);
  return [String(timestamp), level.toUpperCase().padEnd(5), String(message), ...fields].join(' ');
}

/** A winston logger writing JSON lines or readable text, with secrets redacted from metadata. */
export function createLogger(options: LoggerOptions): Logger {
  if (!LEVELS.includes(options.level)) {
    throw new Error(`Unknown log level "${options.level}": use one of ${LEVELS.join(', ')}.`);
  }
  const format = options.format === 'json'
    ? winston.format.combine(redaction(), errorsAsText(), winston.format.timestamp(), winston.format.json())
    : winston.format.combine(redaction(), errorsAsText(), winston.format.timestamp(), winston.format.printf(textLine));
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();
  return winston.createLogger({ level: options.level, format, transports: [transport] });
}

/** A logger that discards everything, for components constructed without one. */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true });
}

/** A child logger stamping `{ kind, namespace, name }` of a Kubernetes object on every line. */
export function objectLogger(
  logger: Logger,
  object: { kind?: string; metadata?: { name?: string; namespace?: string } },
): Logger {
  const meta: LogMeta = { kind: object.kind, name: object.metadata?.name };
  if (object.metadata?.namespace) meta.namespace = object.metadata.namespace;
  return logger.child(meta);
}
