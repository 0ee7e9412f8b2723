/**
 * The change to the server Deployment that puts the plugin-installer init-container in place, or
 * takes it out — pure: live Deployment and desired container in, JSON patch out.
 *
 * Why a JSON patch against the live object: it adds, replaces or removes exactly one list item
 * (ours, found by name), leaves every other init-container where it is, and its `test` op makes
 * the write fail instead of clobbering the wrong item if the list moved under us. Helm's
 * three-way merge on the next upgrade computes its patch from the chart's old and new manifests,
 * neither of which has our init-container, so it neither removes nor fights it.
 */
import type { DeploymentShape, NamedItem } from './deployment-shape.js';
import { liveMatches } from '../kryton/live-matches.js';
import { PLUGIN_INSTALLER_CONTAINER, type PluginsVolume } from './render.js';

export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string };

/** Annotations the kryton chart puts on its Deployment to say where plugins live. */
export const DATA_VOLUME_ANNOTATION = 'kryton.azrtydxb.io/data-volume';
export const PLUGINS_VOLUME_ANNOTATION = 'kryton.azrtydxb.io/plugins-volume';
export const PLUGINS_SUB_PATH_ANNOTATION = 'kryton.azrtydxb.io/plugins-sub-path';
const DEFAULT_DATA_VOLUME = 'data';
const DEFAULT_PLUGINS_SUB_PATH = 'plugins';

const INIT_CONTAINERS = '/spec/template/spec/initContainers';

export type PluginsVolumeLookup = { found: true; volume: PluginsVolume } | { found: false; problem: string };

/** Where the live Deployment keeps plugins, as its chart annotated it; the volume must exist. */
export function pluginsVolumeOf(live: DeploymentShape): PluginsVolumeLookup {
  const annotations = live.metadata.annotations ?? {};
  const volumeName = annotations[PLUGINS_VOLUME_ANNOTATION] ?? annotations[DATA_VOLUME_ANNOTATION] ?? DEFAULT_DATA_VOLUME;
  const subPath = annotations[PLUGINS_SUB_PATH_ANNOTATION] ?? DEFAULT_PLUGINS_SUB_PATH;
  const volumes = live.spec?.template?.spec?.volumes ?? [];
  if (!volumes.some((v) => v.name === volumeName)) {
    return {
      found: false,
      problem: `Deployment ${live.metadata.name ?? ''} has no volume "${volumeName}" to install plugins into; the kryton chart provides it as "${DEFAULT_DATA_VOLUME}"`,
    };
  }
  if (subPath === '' || subPath.startsWith('/') || subPath.split('/').includes('..')) {
    return { found: false, problem: `plugins sub-path "${subPath}" (annotation ${PLUGINS_SUB_PATH_ANNOTATION}) must be a relative path without ".."` };
  }
  return { found: true, volume: { volumeName, subPath } };
}

/**
 * The JSON patch that makes the live Deployment carry `desired` as its plugin-installer
 * init-container (or none, when undefined). Empty when the live object is already right.
 */
export function pluginsDeploymentPatch(live: DeploymentShape, desired: NamedItem | undefined): JsonPatchOperation[] {
  const initContainers = live.spec?.template?.spec?.initContainers;
  const index = initContainers?.findIndex((c) => c.name === PLUGIN_INSTALLER_CONTAINER) ?? -1;
  const ours = `${INIT_CONTAINERS}/${index}`;
  const isStillOurs: JsonPatchOperation = { op: 'test', path: `${ours}/name`, value: PLUGIN_INSTALLER_CONTAINER };

  if (desired === undefined) {
    return index === -1 ? [] : [isStillOurs, { op: 'remove', path: ours }];
  }
  if (initContainers === undefined) return [{ op: 'add', path: INIT_CONTAINERS, value: [desired] }];
  if (index === -1) return [{ op: 'add', path: `${INIT_CONTAINERS}/-`, value: desired }];
  if (liveMatches(desired, initContainers[index])) return [];
  return [isStillOurs, { op: 'replace', path: ours, value: desired }];
}
