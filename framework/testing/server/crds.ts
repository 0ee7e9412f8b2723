/** CustomResourceDefinitions: every served version of a stored CRD becomes a served resource at once. */
import { type KubeObject } from '../../client/types.js';
import { type PrinterColumn, type ResourceRegistry, type ResourceType, type ScaleSpec, type Subresource, storageKey } from './registry.js';
import { type ObjectStore } from './store.js';

export const CRD_KEY = 'apiextensions.k8s.io/customresourcedefinitions';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: Record<string, unknown> };
  subresources?: { status?: unknown; scale?: ScaleSpec };
  additionalPrinterColumns?: PrinterColumn[];
}

interface CrdSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: { plural: string; singular?: string; kind: string; listKind?: string; shortNames?: string[]; categories?: string[] };
  versions: CrdVersion[];
}

const VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

export function typesFromCrd(crd: KubeObject): ResourceType[] {
  const spec = crd.spec as CrdSpec | undefined;
  if (!spec?.names?.plural || !spec.group) return [];
  return (spec.versions ?? []).filter((v) => v.served !== false).map((v) => {
    const subresources: Subresource[] = [];
    if (v.subresources?.status !== undefined) subresources.push('status');
    if (v.subresources?.scale) subresources.push('scale');
    return {
      group: spec.group,
      version: v.name,
      kind: spec.names.kind,
      listKind: spec.names.listKind ?? `${spec.names.kind}List`,
      plural: spec.names.plural,
      singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      verbs: VERBS,
      shortNames: spec.names.shortNames ?? [],
      categories: spec.names.categories ?? [],
      subresources,
      custom: {
        crdName: crd.metadata.name!,
        openAPIV3Schema: v.schema?.openAPIV3Schema,
        printerColumns: v.additionalPrinterColumns ?? [],
        scale: v.subresources?.scale,
      },
    };
  });
}

/** Keeps the registry in step with stored CRDs and removes a CRD's objects with it. */
export function followCrds(store: ObjectStore, registry: ResourceRegistry, forget: (crdName: string) => void): void {
  store.onEvent((key, event) => {
    if (key !== CRD_KEY) return;
    const name = event.object.metadata.name!;
    forget(name);
    if (event.type === 'DELETED') {
      // Watchers see their objects deleted before their streams end.
      const served = typesFromCrd(event.object)[0];
      if (served) store.dropResource(storageKey(served));
      registry.removeCustom(name);
    } else {
      registry.setCustom(name, typesFromCrd(event.object));
    }
  });
}
