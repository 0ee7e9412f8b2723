/**
 * Injection tokens for what the `run` command hands to handlers besides the client adapter. They
 * live in this leaf module (not in the composition root) so handler modules can import them without
 * an import cycle. Job images have their own token in ./images.ts.
 */
import type { InjectionToken } from '../../framework/index.js';

/** Path of the SHA-256-verified helm binary the release handler runs. */
export const HELM_BINARY: InjectionToken<string> = Symbol.for('kryton:HelmBinary');

/** What the operator process was started with, for handlers that need it (e.g. the watched namespaces). */
export interface KrytonRuntimeSettings {
  namespaces: 'all' | string[];
  annotationPrefix: string;
  finalizer: string;
}

export const OPERATOR_SETTINGS: InjectionToken<KrytonRuntimeSettings> = Symbol.for('kryton:OperatorSettings');
