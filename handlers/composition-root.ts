/**
 * The composition root: which handler classes make up the Kryton operator (in the order their
 * handlers run) and how the operator is assembled from them.
 */
import { container as rootContainer, createOperator, type DependencyContainer, type HandlerClass, type KubeClient, type Operator, type OperatorSettings } from '../framework/index.js';
import { BackupHandler } from './backup/backup-handler.js';
import { HELM_KUBECONFIG, HELM_RELEASE_SETTINGS, HelmReleaseHandler } from './helm-release/helm-release-handler.js';
import type { HelmReleaseSettings } from './helm-release/release-settings.js';
import { ReadyConditionHandler } from './helm-release/ready-condition-handler.js';
import { DEFAULT_JOB_IMAGES, JOB_IMAGES, type JobImages } from './kryton/images.js';
import { HELM_BINARY, OPERATOR_SETTINGS } from './kryton/operator-tokens.js';
import { PluginsHandler } from './plugins/plugins-handler.js';
import { SnapshotHandler } from './snapshot/snapshot-handler.js';

export { JOB_IMAGES } from './kryton/images.js';
export { HELM_BINARY, OPERATOR_SETTINGS, type KrytonRuntimeSettings } from './kryton/operator-tokens.js';

/** The Kryton object's API group: the prefix of the operator's annotations and its finalizer. */
export const KRYTON_ANNOTATION_PREFIX = 'kryton.azrtydxb.io';
export const KRYTON_FINALIZER = `${KRYTON_ANNOTATION_PREFIX}/finalizer`;

/**
 * Every handler class of the operator, one per line, in the order their handlers run on a change.
 * A new handler class is one more line here.
 */
export const KRYTON_HANDLERS: HandlerClass[] = [
  HelmReleaseHandler,
  PluginsHandler,
  SnapshotHandler,
  BackupHandler,
  // Last: Ready summarizes the conditions the handlers above wrote.
  ReadyConditionHandler,
];

export interface KrytonOperatorOptions {
  client: KubeClient;
  /** Operator settings; annotationPrefix and finalizer default to the Kryton ones. */
  settings: Omit<OperatorSettings, 'annotationPrefix' | 'finalizer'> & Partial<Pick<OperatorSettings, 'annotationPrefix' | 'finalizer'>>;
  images?: JobImages;
  /** Path of the verified helm binary. */
  helmBinary: string;
  /** Kubeconfig helm uses (the operator's --kubeconfig); unset: $KUBECONFIG, in-cluster, ~/.kube/config. */
  kubeconfigPath?: string;
  /** Overrides of the release handler's settings. */
  helmRelease?: Partial<HelmReleaseSettings>;
  /** Parent container (tests pass their own); defaults to tsyringe's root container. */
  container?: DependencyContainer;
  /** Defaults to KRYTON_HANDLERS. */
  handlers?: readonly HandlerClass[];
}

/** Builds the Kryton operator: a child container with the run-time values registered, then the handlers. */
export function buildKrytonOperator(options: KrytonOperatorOptions): Operator {
  const settings: OperatorSettings = { annotationPrefix: KRYTON_ANNOTATION_PREFIX, finalizer: KRYTON_FINALIZER, ...options.settings };
  const scope = (options.container ?? rootContainer).createChildContainer();
  scope.registerInstance(JOB_IMAGES, options.images ?? DEFAULT_JOB_IMAGES);
  scope.registerInstance(HELM_BINARY, options.helmBinary);
  if (options.kubeconfigPath) scope.registerInstance(HELM_KUBECONFIG, options.kubeconfigPath);
  if (options.helmRelease) scope.registerInstance(HELM_RELEASE_SETTINGS, options.helmRelease);
  scope.registerInstance(OPERATOR_SETTINGS, { namespaces: settings.namespaces, annotationPrefix: settings.annotationPrefix, finalizer: settings.finalizer });
  return createOperator({ container: scope, handlers: options.handlers ?? KRYTON_HANDLERS, client: options.client, settings });
}
