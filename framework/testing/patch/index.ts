export { PatchError } from './patch-error.js';
export { applyStrategicMergePatch } from './strategic-merge.js';
export { applyMergePatch } from './merge-patch.js';
export { applyJsonPatch } from './json-patch.js';
export { applyServerSideApply, type ServerSideApplyOptions } from './server-side-apply.js';
export { fieldSetOf } from './managed-fields.js';
