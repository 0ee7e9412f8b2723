/**
 * Create-or-update and delete for objects a Kryton controls, writing only on a difference. An
 * object of the same name controlled by something else is never taken over; one with no
 * controller (for example a ServiceAccount made by hand, as older docs asked) is adopted.
 */
import type { KubeClient, KubeObject, OwnerReference, ResourceRef } from '../../framework/index.js';
import { liveMatches } from './live-matches.js';
import { KRYTON_GROUP, KRYTON_VERSION, type Kryton } from './types.js';

/** One object to keep in place, with the resource it lives in. */
export interface OwnedObject {
  resource: ResourceRef;
  object: KubeObject & { metadata: { name: string; namespace: string } };
}

/** The Kryton as the controlling owner: deleting it garbage-collects what it owns. */
export function controllerReference(kryton: Kryton): OwnerReference {
  const { name, uid } = kryton.metadata;
  if (!name || !uid) throw new Error('a Kryton needs metadata.name and metadata.uid to own objects (read it from the API server)');
  return { apiVersion: `${KRYTON_GROUP}/${KRYTON_VERSION}`, kind: 'Kryton', name, uid, controller: true, blockOwnerDeletion: true };
}

const FIELD_MANAGER = 'kryton-operator';

export type EnsureOutcome = 'created' | 'updated' | 'unchanged';

export class ForeignOwnerError extends Error {
  constructor(kind: string, name: string, owner: OwnerReference) {
    super(`${kind} ${name} already exists and is controlled by ${owner.kind} ${owner.name}; rename or delete it so the operator can manage it`);
    this.name = 'ForeignOwnerError';
  }
}

const controllerOf = (object: KubeObject) => object.metadata.ownerReferences?.find((ref) => ref.controller === true);

/** Ours, plus any non-controller references the live object already had. */
function mergedOwnerReferences(desired: OwnedObject['object'], live: KubeObject): OwnerReference[] {
  const ours = desired.metadata.ownerReferences ?? [];
  const uids = new Set(ours.map((ref) => ref.uid));
  const kept = (live.metadata.ownerReferences ?? []).filter((ref) => ref.controller !== true && !uids.has(ref.uid));
  return [...ours, ...kept];
}

export async function ensureOwned(client: KubeClient, { resource, object }: OwnedObject): Promise<EnsureOutcome> {
  const { name, namespace } = object.metadata;
  const live = await client.get(resource, name, namespace);
  if (!live) {
    await client.create(resource, object, { fieldManager: FIELD_MANAGER });
    return 'created';
  }
  const ours = object.metadata.ownerReferences?.[0];
  const controller = controllerOf(live);
  if (controller && controller.uid !== ours?.uid) throw new ForeignOwnerError(object.kind, name, controller);

  const desired = { ...object, metadata: { ...object.metadata, ownerReferences: mergedOwnerReferences(object, live) } };
  if (liveMatches(desired, live)) return 'unchanged';
  // A JSON merge patch of everything we render: lists we own (rules, containers) are replaced whole.
  await client.patch(resource, name, namespace, desired, 'merge', { fieldManager: FIELD_MANAGER });
  return 'updated';
}

/** Deletes the object when it exists and `ownerUid` controls it; true when something was deleted. */
export async function deleteIfOwned(client: KubeClient, resource: ResourceRef, name: string, namespace: string, ownerUid: string): Promise<boolean> {
  const live = await client.get(resource, name, namespace);
  if (!live || controllerOf(live)?.uid !== ownerUid) return false;
  return client.delete(resource, name, namespace, { propagationPolicy: 'Background' });
}
