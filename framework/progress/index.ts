/** Progress: what the framework persists on each object (diff base, per-handler records). */
export { annotationName, diffBaseKey, isProgressKey, progressKey } from './annotation-keys.js';
export { currentRecord, essenceDigest, progressState, readProgress, type ProgressRecord, type ProgressState } from './progress-record.js';
