/**
 * What a Helm release's storage says about it — pure: the labels helm's Secret driver puts on each
 * revision's Secret (`name`, `owner=helm`, `status`, `version`, `createdAt`, `modifiedAt`) in,
 * the release's state and what to do about a stuck one out. Reading labels only means the
 * gzip'd release payload is never decoded.
 */

export type ReleaseStatus = 'unknown' | 'deployed' | 'uninstalled' | 'superseded' | 'failed' | 'uninstalling' | 'pending-install' | 'pending-upgrade' | 'pending-rollback';

const KNOWN: ReadonlySet<string> = new Set(['unknown', 'deployed', 'uninstalled', 'superseded', 'failed', 'uninstalling', 'pending-install', 'pending-upgrade', 'pending-rollback']);

/**
 * The label the operator puts on each release revision it installs: its inputs hash (label-sized).
 * It survives a lost status write, so a completed helm run is never repeated for the same inputs.
 */
export const INPUTS_HASH_LABEL = 'kryton.azrtydxb.io/inputs-hash';

/** A label value (≤ 63 characters) that stands for an inputs hash `sha256:<64 hex>`. */
export function inputsHashLabelValue(inputsHash: string): string {
  return inputsHash.replace(/^sha256:/, '').slice(0, 63);
}

export interface Revision {
  revision: number;
  status: ReleaseStatus;
  /** The inputs hash label of this revision, when the operator installed it. */
  inputsHash?: string;
  /** Unix seconds of the last write to this revision (modifiedAt, else createdAt), when known. */
  changedAt?: number;
}

export interface ReleaseState {
  /** Every revision stored, oldest first. Empty: no release by that name. */
  revisions: Revision[];
  /** The newest revision: the release's current status. */
  latest?: Revision;
  /** The newest revision that served successfully (deployed, else superseded): where a rollback goes. */
  lastGood?: Revision;
}

export function isPending(status: ReleaseStatus): boolean {
  return status === 'pending-install' || status === 'pending-upgrade' || status === 'pending-rollback';
}

function parseRevision(labels: Readonly<Record<string, string>>): Revision | undefined {
  const revision = Number(labels.version);
  if (!Number.isInteger(revision) || revision < 1) return undefined;
  const status = (KNOWN.has(labels.status ?? '') ? labels.status : 'unknown') as ReleaseStatus;
  const changedAt = Number(labels.modifiedAt ?? labels.createdAt);
  const inputsHash = labels[INPUTS_HASH_LABEL];
  return { revision, status, ...(Number.isFinite(changedAt) && changedAt > 0 ? { changedAt } : {}), ...(inputsHash ? { inputsHash } : {}) };
}

/** The state of release `name` from the label sets of Secrets (others' and malformed ones ignored). */
export function releaseStateFromLabels(name: string, labelSets: ReadonlyArray<Readonly<Record<string, string>>>): ReleaseState {
  const revisions = labelSets
    .filter((labels) => labels.owner === 'helm' && labels.name === name)
    .map(parseRevision)
    .filter((r): r is Revision => r !== undefined)
    .sort((a, b) => a.revision - b.revision);
  const latest = revisions.at(-1);
  const lastGood = [...revisions].reverse().find((r) => r.status === 'deployed') ?? [...revisions].reverse().find((r) => r.status === 'superseded');
  return { revisions, ...(latest ? { latest } : {}), ...(lastGood ? { lastGood } : {}) };
}

/** What to do before installing or upgrading. */
export type Recovery =
  | { action: 'none' }
  /** A pending revision may still belong to a running helm; look again later. */
  | { action: 'wait'; retryAfterSeconds: number; stuck: Revision }
  /** Go back to the last good revision, which clears the pending lock. */
  | { action: 'rollback'; stuck: Revision; toRevision: number }
  /** Nothing good to go back to: remove the release, then install afresh. */
  | { action: 'uninstall'; stuck: Revision };

/**
 * Decides how to unlock a release left `pending-*` (its helm was killed) or half-uninstalled. A
 * pending revision younger than `staleAfterSeconds` may belong to a helm still running elsewhere
 * (a previous leader), so it is given that long; without a timestamp it counts as stale.
 */
export function decideRecovery(state: ReleaseState, nowSeconds: number, staleAfterSeconds: number): Recovery {
  const latest = state.latest;
  if (!latest) return { action: 'none' };
  if (latest.status === 'uninstalling') return { action: 'uninstall', stuck: latest };
  if (!isPending(latest.status)) return { action: 'none' };
  const age = latest.changedAt === undefined ? Infinity : nowSeconds - latest.changedAt;
  if (age < staleAfterSeconds) return { action: 'wait', retryAfterSeconds: Math.max(1, Math.ceil(staleAfterSeconds - age)), stuck: latest };
  const good = state.lastGood;
  if (good && good.revision < latest.revision) return { action: 'rollback', stuck: latest, toRevision: good.revision };
  return { action: 'uninstall', stuck: latest };
}
