/**
 * What the kubelet does to a container's command and args before exec: `$(VAR)` becomes the value
 * of a variable defined in the container's env (unknown ones stay as written) and `$$` becomes `$`.
 * Mirrors the documented rules of Kubernetes' dependent-variable expansion, so the tests run the
 * rendered init-container exactly as a node would.
 */
export function kubeletExpand(input: string, env: Record<string, string>): string {
  let out = '';
  let cursor = 0;
  while (cursor < input.length) {
    const char = input[cursor];
    if (char !== '$' || cursor + 1 >= input.length) {
      out += char;
      cursor += 1;
      continue;
    }
    const next = input[cursor + 1];
    if (next === '$') {
      out += '$';
      cursor += 2;
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close === -1) {
        out += '$(';
        cursor += 2;
      } else {
        const name = input.slice(cursor + 2, close);
        out += Object.hasOwn(env, name) ? env[name] : `$(${name})`;
        cursor = close + 1;
      }
    } else {
      out += '$' + next;
      cursor += 2;
    }
  }
  return out;
}
