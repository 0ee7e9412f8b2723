/** A bind address as controller-runtime takes it: ':8080', '127.0.0.1:8080', '[::1]:8080'; '0' or '' disables. */
export interface ListenAddress {
  host?: string;
  port: number;
}

export function parseListenAddress(address: string): ListenAddress | undefined {
  const trimmed = address.trim();
  if (trimmed === '' || trimmed === '0') return undefined;
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(trimmed);
  if (!match) {
    throw new Error(`Bind address "${address}" is not host:port (e.g. ":8080" or "127.0.0.1:8080"); use "0" to disable.`);
  }
  const port = Number(match[3]);
  if (port > 65_535) throw new Error(`Bind address "${address}" has a port above 65535.`);
  const host = match[1] ?? (match[2] === '' ? undefined : match[2]);
  return { host, port };
}
