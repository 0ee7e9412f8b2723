/** What clients asked of the server: one entry per request, with counts per verb. */

export interface RequestLogEntry {
  /** Sequence number, for `writesSince(mark)`. */
  seq: number;
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection; or the HTTP method for non-resource paths. */
  verb: string;
  method: string;
  path: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  code: number;
  user: string;
  time: Date;
}

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit = 200_000) {}

  record(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.entries.push({ ...entry, seq: ++this.seq });
    if (this.entries.length > this.limit) this.entries = this.entries.slice(-Math.floor(this.limit / 2));
  }

  all(): readonly RequestLogEntry[] {
    return this.entries;
  }

  filter(match: Partial<Pick<RequestLogEntry, 'verb' | 'resource' | 'namespace' | 'name' | 'user' | 'code'>>): RequestLogEntry[] {
    return this.entries.filter((e) => Object.entries(match).every(([k, v]) => e[k as keyof RequestLogEntry] === v));
  }

  /** Requests per verb. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.entries) out[e.verb] = (out[e.verb] ?? 0) + 1;
    return out;
  }

  /** A position in the log; pass it to `writesSince` / `since`. */
  mark(): number {
    return this.seq;
  }

  since(mark: number): RequestLogEntry[] {
    return this.entries.filter((e) => e.seq > mark);
  }

  /** Writes (create/update/patch/delete/deletecollection) recorded after `mark`, optionally of one resource. */
  writesSince(mark: number, resource?: string): number {
    return this.since(mark).filter((e) => WRITE_VERBS.has(e.verb) && (resource === undefined || e.resource === resource)).length;
  }

  clear(): void {
    this.entries = [];
  }
}
