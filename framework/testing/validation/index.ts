export { formatInvalid, statusCauses, type FieldError, type FieldErrorType } from './field-error.js';
export { validateBuiltin } from './builtin-validate.js';
export { compileCrdSchema, type CompiledCrdSchema } from './crd-schema.js';
