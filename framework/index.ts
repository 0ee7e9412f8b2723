/**
 * The public entry point of the operator framework. Handlers import from here and nowhere else in
 * framework/ (the lint enforces it).
 */
export const FRAMEWORK_NAME = 'kryton-framework';
