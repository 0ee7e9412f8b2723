export { authorize } from './authorize.js';
export { forbiddenMessage } from './forbidden-message.js';
export { selectorMatches, type LabelSelector } from './label-selector.js';
export { type AuthorizationAttributes, type AuthorizationDecision, type PolicyRule, type RbacObjects, type RoleRef, type Subject } from './types.js';
