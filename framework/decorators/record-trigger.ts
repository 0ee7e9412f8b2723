import 'reflect-metadata';
import type { HandlerOptions, MethodHandlerMetadata, Trigger } from './handler-spec.js';
import { METHOD_HANDLERS_KEY } from './metadata-keys.js';

type MethodDecorator = (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor) => void;

/**
 * Builds a method decorator that appends one trigger (and merges options) into the class's
 * metadata. Methods keep their declaration order: the order handlers run in.
 */
export function recordTrigger(trigger: Trigger, options: HandlerOptions = {}): MethodDecorator {
  validateOptions(options);
  return (target, propertyKey, descriptor) => {
    if (typeof propertyKey !== 'string') throw new TypeError('handler methods must have string names');
    if (typeof descriptor.value !== 'function') {
      throw new TypeError(`${target.constructor.name}.${propertyKey}: handler decorators apply to methods only`);
    }
    const existing = ownMethodHandlers(target);
    const current = existing.find((m) => m.methodName === propertyKey);
    const merged: MethodHandlerMetadata = current
      ? { methodName: propertyKey, triggers: [trigger, ...current.triggers], options: mergeOptions(current.options, options, target, propertyKey) }
      : { methodName: propertyKey, triggers: [trigger], options: { ...options } };
    // Decorators run bottom-up within a method but methods run top-down: a new method goes last.
    const next = current ? existing.map((m) => (m === current ? merged : m)) : [...existing, merged];
    Reflect.defineMetadata(METHOD_HANDLERS_KEY, next, target);
  };
}

function ownMethodHandlers(prototype: object): MethodHandlerMetadata[] {
  if (!Reflect.hasOwnMetadata(METHOD_HANDLERS_KEY, prototype)) return [];
  return Reflect.getOwnMetadata(METHOD_HANDLERS_KEY, prototype) as MethodHandlerMetadata[];
}

function mergeOptions(a: Readonly<HandlerOptions>, b: HandlerOptions, target: object, method: string): HandlerOptions {
  const merged: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (value === undefined) continue;
    const previous = merged[key];
    if (previous !== undefined && !sameOption(previous, value)) {
      throw new TypeError(`${target.constructor.name}.${method}: option '${key}' is given twice with different values; give it on one decorator`);
    }
    merged[key] = value;
  }
  return merged as HandlerOptions;
}

function validateOptions(options: HandlerOptions): void {
  const nonNegative = (name: keyof HandlerOptions, value: number | undefined, allowZero: boolean) => {
    if (value === undefined) return;
    if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
      throw new RangeError(`handler option ${name} must be a finite number ${allowZero ? '>= 0' : '> 0'}, got ${value}`);
    }
  };
  nonNegative('retries', options.retries, true);
  nonNegative('backoffSeconds', options.backoffSeconds, true);
  nonNegative('timeoutSeconds', options.timeoutSeconds, false);
  if (options.retries !== undefined && !Number.isInteger(options.retries)) throw new RangeError(`handler option retries must be an integer, got ${options.retries}`);
  if (options.id !== undefined && options.id.trim() === '') throw new RangeError('handler option id must not be empty');
  if (options.condition !== undefined && !/^[A-Za-z][A-Za-z0-9]*$/.test(options.condition)) {
    throw new RangeError(`handler option condition must be a CamelCase condition type like 'Ready', got '${options.condition}'`);
  }
}

/** Equality for option values: functions and symbols by identity, records entry by entry. */
function sameOption(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameOption((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
