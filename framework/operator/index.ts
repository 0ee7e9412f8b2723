/** Operator: wires registry, informers, work queue, dispatch and leader election together. */
export { createOperator } from './create-operator.js';
export { createTestOperator, type TestOperatorOptions } from './test-operator.js';
export { KUBE_CLIENT, type HandlerClass, type Operator, type OperatorOptions } from './operator-options.js';
export { apiVersionOf, ownerKeyOf } from './owner-mapping.js';
export { validateSettings, type LeaderElectionSettings, type OperatorSettings } from './settings.js';
