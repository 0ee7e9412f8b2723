/**
 * The public entry point of the operator framework. Handlers import from here and nowhere else in
 * framework/ (the lint enforces it).
 */
import 'reflect-metadata';

export * from './client/types.js';
export { inject, injectable, container, type DependencyContainer, type InjectionToken } from 'tsyringe';
export {
  Watches,
  OnCreate,
  OnUpdate,
  OnDelete,
  OnResume,
  OnFieldChange,
  OnTimer,
  OnOwnedChange,
  PRESENT,
  ABSENT,
  type HandlerOptions,
  type MetadataFilter,
  type OwnedChangeOptions,
  type OwnerMapper,
  type TimerOptions,
} from './decorators/index.js';
export { TemporaryError, PermanentError, HandlerTimeoutError, HandlerRetriesExhaustedError } from './errors.js';
export type { HandlerContext } from './dispatch/handler-context.js';
export type { HandlerCause } from './causes/select-handlers.js';
export type { Diff, DiffEntry } from './causes/diff.js';
export { upsertCondition, type Condition, type ConditionInput } from './status/conditions.js';
export type { EventType } from './status/events.js';
export {
  createOperator,
  createTestOperator,
  KUBE_CLIENT,
  type HandlerClass,
  type LeaderElectionSettings,
  type Operator,
  type OperatorOptions,
  type OperatorSettings,
  type TestOperatorOptions,
} from './operator/index.js';
export { createKubeClient, type ClosableKubeClient, type KubeClientOptions } from './client/create-kube-client.js';
export { createLogger, objectLogger, silentLogger, type Logger } from './observability/logger.js';
export { OperatorMetrics } from './observability/metrics.js';
export { HealthServer, type HealthServerOptions, type HealthServerPorts } from './observability/health-server.js';
