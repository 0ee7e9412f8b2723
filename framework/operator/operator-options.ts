import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { KubeClient } from '../client/types.js';
import type { OperatorSettings } from './settings.js';

/** The client adapter handlers receive through `@inject(KUBE_CLIENT)`. */
export const KUBE_CLIENT: InjectionToken<KubeClient> = Symbol.for('framework:KubeClient');

/** A class decorated with `@Watches` and handler decorators. */
export type HandlerClass = new (...args: never[]) => object;

export interface OperatorOptions {
  /** Builds the handler classes; the operator works in a child of it, where KUBE_CLIENT is the given client. */
  container: DependencyContainer;
  /** The handler classes, in the order their handlers run. */
  handlers: readonly HandlerClass[];
  client: KubeClient;
  settings: OperatorSettings;
  /** The clock; tests inject one. Defaults to Date.now. */
  now?: () => number;
}

/** A running operator. */
export interface Operator {
  /** Starts watches (resolves once they are synced) and, when leading, handler processing. */
  start(): Promise<void>;
  /** True once every watch has synced (the /readyz answer). */
  ready(): boolean;
  /** Whether this replica currently runs handlers. */
  isLeader(): boolean;
  /**
   * Stops taking work, lets in-flight handlers finish (bounded by drainTimeoutSeconds), stops
   * watches and releases the lease (unless `releaseLease: false`, which leaves it to expire as a
   * crashed replica would).
   */
  stop(options?: { releaseLease?: boolean }): Promise<void>;
  /** The child container the handlers were built in. */
  readonly container: DependencyContainer;
}
