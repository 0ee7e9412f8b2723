/**
 * The public entry point of the operator framework. Handlers import from here and nowhere else in
 * framework/ (the lint enforces it).
 */
export * from './client/types.js';
