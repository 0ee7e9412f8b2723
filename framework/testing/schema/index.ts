export { builtinResources, type BuiltinResource } from './builtin-catalogue.js';
export { definitionNamed, openApiDefinitions, openApiDocument, openApiPathsFor, resolveRef, type OpenApiDocument } from './openapi-document.js';
export { cloneJson, isJsonObject, jsonEqual, type JsonObject, type JsonPrimitive, type JsonSchema, type JsonValue } from './json.js';
export { derefSchema, itemSchema, listMapKeys, patchStrategies, propertySchema } from './schema-navigation.js';
