import { DEFAULT_JOB_IMAGES, type JobImages } from '../../../handlers/kryton/images.js';
import type { Kryton, PluginSpec } from '../../../handlers/kryton/types.js';
import { PLUGIN_INSTALLER_SCRIPT } from '../../../handlers/plugins/installer-script.js';
import { installerArguments, pluginProblems, renderPluginInstaller } from '../../../handlers/plugins/render.js';
import { kubeletExpand } from './kubelet-expansion.js';

const DIGEST = 'ab'.repeat(32);
const VOLUME = { volumeName: 'data', subPath: 'plugins' };

function kryton(plugins?: PluginSpec[]): Kryton {
  return { apiVersion: 'kryton.azrtydxb.io/v1alpha1', kind: 'Kryton', metadata: { name: 'notes', namespace: 'team', uid: 'u-1' }, spec: { version: '4.5.0', plugins } };
}

describe('renderPluginInstaller', () => {
  it('renders nothing when plugins are absent or empty', () => {
    expect(renderPluginInstaller(kryton(), DEFAULT_JOB_IMAGES, VOLUME)).toBeUndefined();
    expect(renderPluginInstaller(kryton([]), DEFAULT_JOB_IMAGES, VOLUME)).toBeUndefined();
  });

  it('renders the plugin-installer init-container on the pinned, overridable image', () => {
    const images: JobImages = { ...DEFAULT_JOB_IMAGES, pluginInstaller: 'registry.example/curl:8.10.1@sha256:' + 'c'.repeat(64) };
    const container = renderPluginInstaller(kryton([{ name: 'a.tgz', url: 'https://x.example/a.tgz', sha256: DIGEST }]), images, VOLUME)!;

    expect(DEFAULT_JOB_IMAGES.pluginInstaller).toBe('curlimages/curl:8.10.1');
    expect(container.name).toBe('plugin-installer');
    expect(container.image).toBe(images.pluginInstaller);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.env).toEqual([{ name: 'PLUGINS_DIR', value: '/plugins' }]);
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/plugins', subPath: 'plugins' }]);
    expect(container.resources.limits.memory).toBe('128Mi');
  });

  it('meets Pod Security "restricted" at the container level', () => {
    const container = renderPluginInstaller(kryton([{ name: 'a', url: 'https://x.example/a', sha256: DIGEST }]), DEFAULT_JOB_IMAGES, VOLUME)!;

    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('runs the fixed script and passes every plugin as four plain arguments', () => {
    const plugins: PluginSpec[] = [
      { name: 'a.tgz', url: 'https://x.example/a.tgz', sha256: DIGEST.toUpperCase() },
      { name: 'b', url: 'http://mirror.local/b', sha256: DIGEST, allowInsecureHttp: true },
    ];
    const container = renderPluginInstaller(kryton(plugins), DEFAULT_JOB_IMAGES, VOLUME)!;
    const env = { PLUGINS_DIR: '/plugins' };

    expect(container.command.map((s) => kubeletExpand(s, env))).toEqual(['/bin/sh', '-c', PLUGIN_INSTALLER_SCRIPT, 'plugin-installer']);
    expect(container.args.map((s) => kubeletExpand(s, env))).toEqual(['a.tgz', 'https://x.example/a.tgz', DIGEST, 'https', 'b', 'http://mirror.local/b', DIGEST, 'http,https']);
  });

  it('protects `$(VAR)` in URLs from the kubelet expansion of container args', () => {
    const url = 'https://x.example/$(PLUGINS_DIR)/$$/a';
    const container = renderPluginInstaller(kryton([{ name: 'a', url, sha256: DIGEST }]), DEFAULT_JOB_IMAGES, VOLUME)!;

    expect(container.args[1]).toBe('https://x.example/$$(PLUGINS_DIR)/$$$$/a');
    expect(kubeletExpand(container.args[1], { PLUGINS_DIR: '/plugins' })).toBe(url);
  });

  it('keeps the script free of user data: it is the same text for any plugin list', () => {
    const one = renderPluginInstaller(kryton([{ name: 'a', url: 'https://x.example/$(id)', sha256: DIGEST }]), DEFAULT_JOB_IMAGES, VOLUME)!;
    const other = renderPluginInstaller(kryton([{ name: 'b', url: 'https://y.example/`id`', sha256: DIGEST }]), DEFAULT_JOB_IMAGES, VOLUME)!;

    expect(one.command).toEqual(other.command);
  });
});

describe('installerArguments', () => {
  it('lower-cases digests and states the allowed protocols per plugin', () => {
    expect(installerArguments([{ name: 'a', url: 'https://h/a', sha256: 'AB'.repeat(32) }])).toEqual(['a', 'https://h/a', 'ab'.repeat(32), 'https']);
  });
});

describe('pluginProblems', () => {
  it('accepts well-formed plugins', () => {
    expect(
      pluginProblems([
        { name: 'example-1.2.3.tar.gz', url: 'https://example.com/p.tgz', sha256: DIGEST },
        { name: 'local_plugin', url: 'http://mirror.svc/p', sha256: DIGEST.toUpperCase(), allowInsecureHttp: true },
      ]),
    ).toEqual([]);
  });

  it.each([
    ['a path', { name: 'a/b', url: 'https://h/a', sha256: DIGEST }, 'must be a plain file name'],
    ['a dot-dot', { name: '..', url: 'https://h/a', sha256: DIGEST }, 'must be a plain file name'],
    ['a hidden name', { name: '.a', url: 'https://h/a', sha256: DIGEST }, 'must be a plain file name'],
    ['shell text', { name: '$(id)', url: 'https://h/a', sha256: DIGEST }, 'must be a plain file name'],
    ['a long name', { name: 'a'.repeat(129), url: 'https://h/a', sha256: DIGEST }, 'at most 128 characters'],
    ['a short digest', { name: 'a', url: 'https://h/a', sha256: 'abc' }, 'sha256 must be 64 hexadecimal digits'],
    ['plain http', { name: 'a', url: 'http://h/a', sha256: DIGEST }, 'is plain http; use https, or set allowInsecureHttp: true'],
    ['another scheme', { name: 'a', url: 'ftp://h/a', sha256: DIGEST }, 'the url must start with https://'],
  ])('reports %s', (_what, plugin: PluginSpec, message) => {
    const problems = pluginProblems([plugin]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('reports a name declared twice', () => {
    const plugin = { name: 'a', url: 'https://h/a', sha256: DIGEST };
    expect(pluginProblems([plugin, plugin])).toEqual(['plugin "a" is declared more than once']);
  });
});
