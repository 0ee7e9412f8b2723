import fastJsonPatch from 'fast-json-patch';
import { DEFAULT_JOB_IMAGES } from '../../../handlers/kryton/images.js';
import type { Kryton, PluginSpec } from '../../../handlers/kryton/types.js';
import {
  DATA_VOLUME_ANNOTATION,
  PLUGINS_SUB_PATH_ANNOTATION,
  PLUGINS_VOLUME_ANNOTATION,
  pluginsDeploymentPatch,
  pluginsVolumeOf,
} from '../../../handlers/plugins/deployment-patch.js';
import type { DeploymentShape, NamedItem } from '../../../handlers/plugins/deployment-shape.js';
import { renderPluginInstaller, type InitContainer } from '../../../handlers/plugins/render.js';

const { applyPatch, deepClone } = fastJsonPatch;
const DIGEST = 'ab'.repeat(32);
const VOLUME = { volumeName: 'data', subPath: 'plugins' };

const migrate: NamedItem = { name: 'migrate', image: 'kryton/server:4.5.0', args: ['migrate'] };
const chown: NamedItem = { name: 'chown', image: 'busybox:1.36' };

function deployment(initContainers?: NamedItem[], annotations: Record<string, string> = { [DATA_VOLUME_ANNOTATION]: 'data' }): DeploymentShape {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'notes', namespace: 'team', annotations },
    spec: {
      replicas: 1,
      template: {
        metadata: { labels: { app: 'kryton' } },
        spec: {
          ...(initContainers ? { initContainers } : {}),
          containers: [{ name: 'server', image: 'kryton/server:4.5.0' }],
          volumes: [
            { name: 'data', persistentVolumeClaim: { claimName: 'notes' } },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
}

function installer(plugins: PluginSpec[]): InitContainer {
  const kryton: Kryton = { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name: 'notes' }, spec: { version: '4.5.0', plugins } };
  return renderPluginInstaller(kryton, DEFAULT_JOB_IMAGES, VOLUME)!;
}

/** The live object after the API server applied the patch (and, like it, added defaults). */
function applied(live: DeploymentShape, patch: ReturnType<typeof pluginsDeploymentPatch>): DeploymentShape {
  return applyPatch(deepClone(live) as DeploymentShape, patch as fastJsonPatch.Operation[], true, false).newDocument;
}

const initNames = (d: DeploymentShape) => (d.spec?.template?.spec?.initContainers ?? []).map((c) => c.name);
const withServerDefaults = (c: InitContainer): NamedItem => ({ ...c, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });

describe('pluginsVolumeOf', () => {
  it('uses the volume and sub-path the chart annotated for plugins', () => {
    const live = deployment(undefined, { [PLUGINS_VOLUME_ANNOTATION]: 'data', [PLUGINS_SUB_PATH_ANNOTATION]: 'addons/plugins' });
    expect(pluginsVolumeOf(live)).toEqual({ found: true, volume: { volumeName: 'data', subPath: 'addons/plugins' } });
  });

  it('falls back to the data volume and the plugins sub-directory', () => {
    expect(pluginsVolumeOf(deployment(undefined, {}))).toEqual({ found: true, volume: VOLUME });
  });

  it('reports a Deployment without that volume', () => {
    const lookup = pluginsVolumeOf(deployment(undefined, { [DATA_VOLUME_ANNOTATION]: 'storage' }));
    expect(lookup).toEqual({ found: false, problem: expect.stringContaining('has no volume "storage"') });
  });

  it.each(['/abs', '../up', 'a/../../b', ''])('refuses the sub-path %j', (subPath) => {
    const lookup = pluginsVolumeOf(deployment(undefined, { [PLUGINS_SUB_PATH_ANNOTATION]: subPath }));
    expect(lookup.found).toBe(false);
  });
});

describe('pluginsDeploymentPatch', () => {
  const desired = installer([{ name: 'a', url: 'https://h/a', sha256: DIGEST }]);

  it('adds the init-container list when the pod has none', () => {
    const live = deployment();
    const patch = pluginsDeploymentPatch(live, desired);

    expect(patch).toEqual([{ op: 'add', path: '/spec/template/spec/initContainers', value: [desired] }]);
    expect(applied(live, patch).spec?.template?.spec?.initContainers).toEqual([desired]);
  });

  it('appends after foreign init-containers, leaving them as they are', () => {
    const live = deployment([migrate, chown]);
    const result = applied(live, pluginsDeploymentPatch(live, desired));

    expect(initNames(result)).toEqual(['migrate', 'chown', 'plugin-installer']);
    expect(result.spec?.template?.spec?.initContainers?.slice(0, 2)).toEqual([migrate, chown]);
  });

  it('writes nothing when the live container already matches, server defaults included', () => {
    expect(pluginsDeploymentPatch(deployment([migrate, withServerDefaults(desired), chown]), desired)).toEqual([]);
  });

  it('replaces our container in place when the plugin list changed', () => {
    const live = deployment([migrate, withServerDefaults(desired), chown]);
    const changed = installer([{ name: 'b', url: 'https://h/b', sha256: DIGEST }]);
    const patch = pluginsDeploymentPatch(live, changed);
    const result = applied(live, patch);

    expect(patch[0]).toEqual({ op: 'test', path: '/spec/template/spec/initContainers/1/name', value: 'plugin-installer' });
    expect(initNames(result)).toEqual(['migrate', 'plugin-installer', 'chown']);
    expect(result.spec?.template?.spec?.initContainers?.[1]).toEqual(changed);
    expect(result.spec?.template?.spec?.containers).toEqual(live.spec?.template?.spec?.containers);
  });

  it('removes only our container when plugins are cleared', () => {
    const live = deployment([migrate, withServerDefaults(desired), chown]);
    const result = applied(live, pluginsDeploymentPatch(live, undefined));

    expect(result.spec?.template?.spec?.initContainers).toEqual([migrate, chown]);
    expect(result.spec?.template?.spec?.volumes).toEqual(live.spec?.template?.spec?.volumes);
  });

  it('writes nothing when cleared and ours is not there', () => {
    expect(pluginsDeploymentPatch(deployment([migrate]), undefined)).toEqual([]);
    expect(pluginsDeploymentPatch(deployment(), undefined)).toEqual([]);
  });

  it('fails instead of touching another container if the list moved before the patch landed', () => {
    const live = deployment([migrate, withServerDefaults(desired)]);
    const patch = pluginsDeploymentPatch(live, undefined);
    const movedMeanwhile = deployment([migrate, chown, withServerDefaults(desired)]);

    expect(() => applied(movedMeanwhile, patch)).toThrow();
  });

  it('never changes the volumes: the chart owns them', () => {
    const live = deployment([chown]);
    for (const patch of [pluginsDeploymentPatch(live, desired), pluginsDeploymentPatch(applied(live, pluginsDeploymentPatch(live, desired)), undefined)]) {
      expect(patch.every((op) => op.path.startsWith('/spec/template/spec/initContainers'))).toBe(true);
    }
  });
});
