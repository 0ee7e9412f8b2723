/**
 * Public testing API of the framework: a local, in-memory Kubernetes API server that the real
 * kubectl, helm and @kubernetes/client-node use unmodified.
 */
export { LocalApiServer, type KubeconfigOptions, type LocalApiServerOptions } from './server/local-api-server.js';
export { type RequestLog, type RequestLogEntry } from './server/request-log.js';
export { type ErrorRule, type Faults, type LatencyRule } from './server/faults.js';
