/** `meta.k8s.io/v1` Table output: what `kubectl get` prints, with a few kind-specific columns. */
import { type KubeObject } from '../../client/types.js';
import { type PrinterColumn, type ResourceType } from './registry.js';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

type Cell = string | number | boolean | null;
type Json = Record<string, unknown>;

interface Column {
  def: ColumnDefinition;
  cell(obj: KubeObject, now: number): Cell;
}

const nameColumn: Column = {
  def: { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
  cell: (o) => o.metadata.name ?? '',
};

const ageColumn: Column = {
  def: { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
  cell: (o, now) => humanAge(o.metadata.creationTimestamp, now),
};

function col(name: string, cell: (o: Json) => Cell, type = 'string', priority = 0): Column {
  return { def: { name, type, format: '', description: name, priority }, cell: (o) => cell(o as Json) };
}

function get(o: unknown, path: string): unknown {
  let cur = o;
  for (const seg of path.split('.').filter((s) => s !== '')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Json)[seg];
  }
  return cur;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const count = (v: unknown): number => (v && typeof v === 'object' ? Object.keys(v).length : 0);

/** Kind-specific columns between Name and Age, keyed by group/kind. */
const kindColumns: Record<string, Column[]> = {
  '/ConfigMap': [col('Data', (o) => count(o.data) + count(o.binaryData), 'integer')],
  '/Secret': [col('Type', (o) => String(o.type ?? 'Opaque')), col('Data', (o) => count(o.data), 'integer')],
  '/Namespace': [col('Status', (o) => String(get(o, 'status.phase') ?? 'Active'))],
  '/ServiceAccount': [col('Secrets', (o) => (Array.isArray(o.secrets) ? o.secrets.length : 0), 'integer')],
  '/Pod': [
    col('Ready', (o) => `${((get(o, 'status.containerStatuses') as Json[] | undefined) ?? []).filter((c) => c.ready).length}/${((get(o, 'spec.containers') as unknown[] | undefined) ?? []).length}`),
    col('Status', (o) => String(get(o, 'status.phase') ?? 'Pending')),
    col('Restarts', () => 0, 'integer'),
  ],
  '/Service': [
    col('Type', (o) => String(get(o, 'spec.type') ?? 'ClusterIP')),
    col('Cluster-IP', (o) => String(get(o, 'spec.clusterIP') ?? '<none>')),
    col('External-IP', () => '<none>'),
    col('Port(s)', (o) => ((get(o, 'spec.ports') as Json[] | undefined) ?? []).map((p) => `${String(p.port)}/${String(p.protocol ?? 'TCP')}`).join(',') || '<none>'),
  ],
  'apps/Deployment': [
    col('Ready', (o) => `${num(get(o, 'status.readyReplicas'))}/${num(get(o, 'spec.replicas') ?? 1)}`),
    col('Up-to-date', (o) => num(get(o, 'status.updatedReplicas')), 'integer'),
    col('Available', (o) => num(get(o, 'status.availableReplicas')), 'integer'),
  ],
  'apps/ReplicaSet': [
    col('Desired', (o) => num(get(o, 'spec.replicas')), 'integer'),
    col('Current', (o) => num(get(o, 'status.replicas')), 'integer'),
    col('Ready', (o) => num(get(o, 'status.readyReplicas')), 'integer'),
  ],
  'batch/Job': [
    col('Status', (o) => (((get(o, 'status.conditions') as Json[] | undefined) ?? []).some((c) => c.type === 'Complete' && c.status === 'True') ? 'Complete' : 'Running')),
    col('Completions', (o) => `${num(get(o, 'status.succeeded'))}/${num(get(o, 'spec.completions') ?? 1)}`),
  ],
  'apiextensions.k8s.io/CustomResourceDefinition': [],
  '/Event': [
    col('Type', (o) => String(o.type ?? '')),
    col('Reason', (o) => String(o.reason ?? '')),
    col('Object', (o) => `${String(get(o, 'involvedObject.kind') ?? '').toLowerCase()}/${String(get(o, 'involvedObject.name') ?? '')}`),
    col('Message', (o) => String(o.message ?? '')),
  ],
};

/** Evaluates the simple JSONPath forms CRD printer columns use: `.spec.size`, `.status.conditions[?(@.type=="Ready")].status`, `.a[0].b`. */
export function evalSimpleJsonPath(obj: unknown, jsonPath: string): unknown {
  const tokens = jsonPath.replace(/^\{|\}$/g, '').match(/\[\?\(@\.[^)]*\)\]|\[\d+\]|\.[^.[]+/g) ?? [];
  let cur: unknown = obj;
  for (const tok of tokens) {
    if (cur === undefined || cur === null) return undefined;
    if (tok.startsWith('[?(')) {
      const m = /^\[\?\(@\.([\w.]+)\s*==\s*["']?([^"')]*)["']?\)\]$/.exec(tok);
      if (!m || !Array.isArray(cur)) return undefined;
      cur = cur.find((item) => String(get(item, m[1])) === m[2]);
    } else if (tok.startsWith('[')) {
      cur = Array.isArray(cur) ? cur[Number(tok.slice(1, -1))] : undefined;
    } else {
      cur = typeof cur === 'object' ? (cur as Json)[tok.slice(1)] : undefined;
    }
  }
  return cur;
}

function printerColumn(pc: PrinterColumn): Column {
  return {
    def: { name: pc.name, type: pc.type, format: pc.format ?? '', description: pc.description ?? '', priority: pc.priority ?? 0 },
    cell: (o, now) => {
      const v = evalSimpleJsonPath(o, pc.jsonPath);
      if (v === undefined || v === null) return null;
      if (pc.type === 'date' && typeof v === 'string') return humanAge(v, now);
      if (typeof v === 'object') return JSON.stringify(v);
      return v as Cell;
    },
  };
}

function columnsFor(t: ResourceType): Column[] {
  if (t.custom) {
    if (t.custom.printerColumns.length === 0) return [nameColumn, ageColumn];
    return [nameColumn, ...t.custom.printerColumns.map(printerColumn)];
  }
  return [nameColumn, ...(kindColumns[`${t.group}/${t.kind}`] ?? []), ageColumn];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** The object reduced to its metadata (without managedFields), as `meta.k8s.io/v1` PartialObjectMetadata. */
export function partialObjectMetadata(obj: KubeObject): Json {
  const { managedFields: _managed, ...metadata } = obj.metadata;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}

function rowObject(obj: KubeObject, include: IncludeObject): Json | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return partialObjectMetadata(obj);
}

export function toTable(t: ResourceType, objects: readonly KubeObject[], listMeta: Json, include: IncludeObject, withColumns = true): Json {
  const cols = columnsFor(t);
  const now = Date.now();
  const table: Json = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta };
  if (withColumns) table.columnDefinitions = cols.map((c) => c.def);
  table.rows = objects.map((o) => {
    const row: Json = { cells: cols.map((c) => c.cell(o, now)) };
    const ro = rowObject(o, include);
    if (ro) row.object = ro;
    return row;
  });
  return table;
}

/** kube's HumanDuration, close enough for a test server: 5s, 3m, 2m5s, 4h, 3d. */
export function humanAge(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}
