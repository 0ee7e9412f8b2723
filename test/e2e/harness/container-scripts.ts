/**
 * Looks inside rendered pod templates: which strings are script text (what `sh -c` evaluates)
 * and which are data (args, env values), and runs a container's `sh -c` program on this machine
 * the way the kubelet would start it, to prove hostile data stays data.
 */
import { execa } from 'execa';

export interface ContainerLike {
  name: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value?: string }>;
}

/** The kubelet's `$(VAR)` expansion of command, args and env values: known variables are substituted, `$$` becomes `$`. */
export function kubeletExpand(input: string, env: Record<string, string>): string {
  return input.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match: string, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && Object.hasOwn(env, name) ? env[name] : match;
  });
}

/** The text a shell evaluates as program: the argument after `-c` of a `sh -c` command; empty otherwise. */
export function scriptText(container: ContainerLike): string {
  const command = container.command ?? [];
  const dashC = command.indexOf('-c');
  return /(^|\/)(ba|da)?sh$/.test(command[0] ?? '') && dashC >= 0 ? command[dashC + 1] ?? '' : '';
}

/** Every string the container receives as data: args, and command words after the script, and env values. */
export function dataStrings(container: ContainerLike): string[] {
  const command = container.command ?? [];
  const script = scriptText(container);
  const commandData = script ? command.slice(command.indexOf('-c') + 2) : command;
  return [...commandData, ...(container.args ?? []), ...(container.env ?? []).map((e) => e.value ?? '')];
}

/**
 * Runs a container's `sh -c SCRIPT NAME ARGS…` locally with the kubelet's expansion applied and
 * `extraEnv` added to the container's env. Returns the exit code and output; never throws on a
 * non-zero exit.
 */
export async function runShellContainer(container: ContainerLike, extraEnv: Record<string, string>): Promise<{ exitCode: number; output: string }> {
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) env[e.name] = kubeletExpand(e.value ?? '', env);
  Object.assign(env, extraEnv);
  const argv = [...(container.command ?? []), ...(container.args ?? [])].map((word) => kubeletExpand(word, env));
  const [shell, ...rest] = argv;
  if (!/(^|\/)(ba|da)?sh$/.test(shell ?? '')) throw new Error(`container ${container.name} does not start a shell: ${shell}`);
  const result = await execa('sh', rest, { reject: false, all: true, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, extendEnv: false, timeout: 60_000 });
  return { exitCode: result.exitCode ?? -1, output: String(result.all) };
}
