/** In-memory, per object: owned/timer handler runs that are due, with their failures so far. */
export type PendingExtras = Map<string, { cause: 'owned' | 'timer'; failures: number }>;
