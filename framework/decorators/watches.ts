import 'reflect-metadata';
import { injectable } from 'tsyringe';
import type { ResourceRef } from '../client/types.js';
import { WATCHED_RESOURCE_KEY } from './metadata-keys.js';

/**
 * Class decorator: names the resource whose objects this class's handlers react to, and makes the
 * class injectable so tsyringe can build it with its constructor dependencies.
 */
export function Watches(resource: ResourceRef): ClassDecorator {
  if (!resource.version || !resource.plural || !resource.kind) {
    throw new TypeError(`@Watches needs a ResourceRef with version, plural and kind; got ${JSON.stringify(resource)}`);
  }
  return (target) => {
    Reflect.defineMetadata(WATCHED_RESOURCE_KEY, resource, target);
    injectable()(target as unknown as new (...args: never[]) => unknown);
  };
}
Watches.KEY = WATCHED_RESOURCE_KEY;
