/**
 * Pure rendering of the plugin-installer init-container. It writes into the same volume and
 * sub-directory the server reads plugins from: the kryton chart names them in annotations on its
 * Deployment (see pluginsVolumeOf), so no extra volume is added to a pod template Helm owns.
 */
import type { JobImages } from '../kryton/images.js';
import { KRYTON_FIELD_PATTERNS, type Kryton, type PluginSpec } from '../kryton/types.js';
import { PLUGIN_INSTALLER_SCRIPT } from './installer-script.js';
import { escapeKubeletExpansion } from '../kryton/kubelet-escape.js';
import { restrictedContainerSecurity } from '../kryton/pod-security.js';

export const PLUGIN_INSTALLER_CONTAINER = 'plugin-installer';
/** Where the init-container sees the plugins directory. */
export const PLUGINS_MOUNT_PATH = '/plugins';
const MAX_PLUGIN_NAME_LENGTH = 128;

/** The pod volume and the sub-directory of it that holds the plugins. */
export interface PluginsVolume {
  volumeName: string;
  subPath: string;
}

export interface EnvVar {
  name: string;
  value: string;
}

/** A type alias (not an interface) so that it is also a NamedItem for the Deployment patch. */
export type InitContainer = {
  name: string;
  image: string;
  imagePullPolicy: string;
  command: string[];
  args: string[];
  env: EnvVar[];
  volumeMounts: { name: string; mountPath: string; subPath: string }[];
  resources: Record<string, Record<string, string>>;
  securityContext: Record<string, unknown>;
};

/** What is wrong with the declared plugins, one sentence per problem; empty when all is well. */
export function pluginProblems(plugins: readonly PluginSpec[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const namePattern = new RegExp(KRYTON_FIELD_PATTERNS['spec.plugins[].name']);
  const digestPattern = new RegExp(KRYTON_FIELD_PATTERNS['spec.plugins[].sha256']);
  for (const plugin of plugins) {
    const label = JSON.stringify(plugin.name);
    if (!namePattern.test(plugin.name) || plugin.name.length > MAX_PLUGIN_NAME_LENGTH) {
      problems.push(
        `plugin ${label}: the name must be a plain file name of at most ${MAX_PLUGIN_NAME_LENGTH} characters (letters, digits, '_', '-' and single dots between them)`,
      );
    }
    if (seen.has(plugin.name)) problems.push(`plugin ${label} is declared more than once`);
    seen.add(plugin.name);
    if (!digestPattern.test(plugin.sha256)) problems.push(`plugin ${label}: sha256 must be 64 hexadecimal digits`);
    if (plugin.url.startsWith('http://')) {
      if (plugin.allowInsecureHttp !== true) {
        problems.push(`plugin ${label}: ${plugin.url} is plain http; use https, or set allowInsecureHttp: true on this plugin`);
      }
    } else if (!plugin.url.startsWith('https://')) {
      problems.push(`plugin ${label}: the url must start with https://`);
    }
  }
  return problems;
}

/** The installer's positional arguments: NAME URL SHA256 PROTOCOLS per plugin, as plain data. */
export function installerArguments(plugins: readonly PluginSpec[]): string[] {
  return plugins.flatMap((p) => [p.name, p.url, p.sha256.toLowerCase(), p.allowInsecureHttp === true ? 'http,https' : 'https']);
}

/**
 * The init-container installing the Kryton's plugins into `volume`, or undefined when it declares
 * none. Callers check pluginProblems() first; the script re-checks everything at run time anyway.
 * The container runs as the pod's user (the chart's pod security context sets it), so the server
 * owns what it installs.
 */
export function renderPluginInstaller(kryton: Kryton, images: JobImages, volume: PluginsVolume): InitContainer | undefined {
  const plugins = kryton.spec.plugins ?? [];
  if (plugins.length === 0) return undefined;
  const initContainer: InitContainer = {
    name: PLUGIN_INSTALLER_CONTAINER,
    image: images.pluginInstaller,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', PLUGIN_INSTALLER_SCRIPT, 'plugin-installer'].map(escapeKubeletExpansion),
    args: installerArguments(plugins).map(escapeKubeletExpansion),
    env: [{ name: 'PLUGINS_DIR', value: PLUGINS_MOUNT_PATH }],
    volumeMounts: [{ name: volume.volumeName, mountPath: PLUGINS_MOUNT_PATH, subPath: volume.subPath }],
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
    securityContext: restrictedContainerSecurity(),
  };
  return initContainer;
}
