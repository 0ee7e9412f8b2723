/**
 * The API resources the server serves: the built-in catalogue plus whatever CustomResourceDefinitions
 * add. Every lookup the router, discovery and OpenAPI need goes through here.
 */

export type Subresource = 'status' | 'scale';

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface ScaleSpec {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** What a CRD version adds to a served resource. */
export interface CustomServing {
  crdName: string;
  openAPIV3Schema?: Record<string, unknown>;
  printerColumns: PrinterColumn[];
  scale?: ScaleSpec;
}

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  subresources: Subresource[];
  /** OpenAPI v2 definition name of a built-in kind ('io.k8s.api.apps.v1.Deployment'). */
  definition?: string;
  custom?: CustomServing;
}

export function apiVersionOf(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** Objects of one group/plural share one storage, whatever version they are read through. */
export function storageKey(t: { group: string; plural: string }): string {
  return `${t.group}/${t.plural}`;
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first. */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [-1, 0, 0];
    const stability = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [stability, Number(m[1]), Number(m[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
  return a.localeCompare(b);
}

export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceType>();
  private readonly listeners = new Set<() => void>();
  /** Bumped on every change so discovery and OpenAPI caches know when to rebuild. */
  revision = 0;

  constructor(builtins: readonly ResourceType[]) {
    for (const t of builtins) this.byPath.set(pathKey(t.group, t.version, t.plural), t);
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  lookup(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byPath.get(pathKey(group, version, plural));
  }

  lookupKind(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
    for (const t of this.byPath.values()) if (t.group === group && t.version === version && t.kind === kind) return t;
    return undefined;
  }

  /** Any served version of the resource stored under `key` (see storageKey). */
  byStorageKey(key: string): ResourceType | undefined {
    for (const t of this.byPath.values()) if (storageKey(t) === key) return t;
    return undefined;
  }

  all(): ResourceType[] {
    return [...this.byPath.values()];
  }

  hasGroupVersion(group: string, version: string): boolean {
    for (const t of this.byPath.values()) if (t.group === group && t.version === version) return true;
    return false;
  }

  /** Groups in a stable order, each with its versions, preferred (highest priority) first. */
  groups(): Array<{ group: string; versions: string[] }> {
    const map = new Map<string, Set<string>>();
    for (const t of this.byPath.values()) {
      if (!map.has(t.group)) map.set(t.group, new Set());
      map.get(t.group)!.add(t.version);
    }
    return [...map.entries()].map(([group, versions]) => ({ group, versions: [...versions].sort(compareVersions) }));
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter((t) => t.group === group && t.version === version);
  }

  /** Replaces every version a CRD serves. */
  setCustom(crdName: string, types: ResourceType[]): void {
    this.removeCustomNoNotify(crdName);
    for (const t of types) this.byPath.set(pathKey(t.group, t.version, t.plural), t);
    this.changed();
  }

  removeCustom(crdName: string): void {
    if (this.removeCustomNoNotify(crdName)) this.changed();
  }

  private removeCustomNoNotify(crdName: string): boolean {
    let removed = false;
    for (const [k, t] of this.byPath) {
      if (t.custom?.crdName === crdName) {
        this.byPath.delete(k);
        removed = true;
      }
    }
    return removed;
  }

  private changed(): void {
    this.revision++;
    for (const l of this.listeners) l();
  }
}

function pathKey(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}
