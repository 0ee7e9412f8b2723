/**
 * Every reflect-metadata key the decorators write, in one place, so that only the registry's scanner
 * reads them and no two features collide.
 */
export const WATCHED_RESOURCE_KEY = 'framework:watched-resource';
export const METHOD_HANDLERS_KEY = 'framework:method-handlers';
