import { ApiError, type KubeClient, type KubeObject, type ResourceRef } from '../../../framework/client/types.js';

/**
 * An in-memory stand-in for the Lease endpoints of an API server: get/create/replace with
 * resourceVersion conflicts (409) as the real server has them. `unreachable` makes every call fail.
 */
export class LeaseStore implements KubeClient {
  private readonly objects = new Map<string, KubeObject>();
  private revision = 0;
  unreachable = false;
  writes = 0;

  private key(namespace: string | undefined, name: string | undefined): string {
    return `${namespace ?? ''}/${name ?? ''}`;
  }

  private check(): void {
    if (this.unreachable) throw new Error('connect ECONNREFUSED');
  }

  read(namespace: string, name: string): KubeObject | undefined {
    const found = this.objects.get(this.key(namespace, name));
    return found && structuredClone(found);
  }

  async get<T extends KubeObject>(_r: ResourceRef, name: string, namespace?: string): Promise<T | undefined> {
    this.check();
    return this.read(namespace ?? '', name) as T | undefined;
  }

  async create<T extends KubeObject>(_r: ResourceRef, object: T): Promise<T> {
    this.check();
    const key = this.key(object.metadata.namespace, object.metadata.name);
    if (this.objects.has(key)) throw new ApiError(409, 'AlreadyExists', `${key} already exists`);
    const stored = structuredClone({ ...object, metadata: { ...object.metadata, resourceVersion: String(++this.revision) } });
    this.objects.set(key, stored);
    this.writes += 1;
    return structuredClone(stored);
  }

  async replace<T extends KubeObject>(_r: ResourceRef, object: T): Promise<T> {
    this.check();
    const key = this.key(object.metadata.namespace, object.metadata.name);
    const current = this.objects.get(key);
    if (!current) throw new ApiError(404, 'NotFound', `${key} not found`);
    if (object.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw new ApiError(409, 'Conflict', `the object has been modified; please apply your changes to the latest version`);
    }
    const stored = structuredClone({ ...object, metadata: { ...object.metadata, resourceVersion: String(++this.revision) } });
    this.objects.set(key, stored);
    this.writes += 1;
    return structuredClone(stored);
  }

  async list(): Promise<never> {
    throw new Error('not used');
  }

  async patch(): Promise<never> {
    throw new Error('not used');
  }

  async delete(): Promise<boolean> {
    throw new Error('not used');
  }

  async watch(): Promise<void> {
    throw new Error('not used');
  }
}
