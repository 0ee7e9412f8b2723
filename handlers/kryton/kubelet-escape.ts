/**
 * The kubelet expands `$(VAR)` references in a container's command, args and env values, and
 * reduces `$$` to `$`. Doubling every `$` makes a string reach the process exactly as written, so a
 * URL such as `https://host/$(HOME)` stays data instead of being rewritten before the script runs.
 */
export const escapeKubeletExpansion = (value: string): string => value.replace(/\$/g, () => '$$');
