/** Registry: turns decorated classes from a tsyringe container into handler definitions. */
export { discoverHandlers } from './discover-handlers.js';
export { scanHandlerClass, type ClassHandlerMetadata } from './scan-handlers.js';
export { hasTrigger, resourceKey, type HandlerDefinition } from './handler-definition.js';
