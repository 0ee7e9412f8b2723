/** The test CRD every contender watches: widgets.bench.example.com, namespaced, free-form spec. */
import { type KubeObject, type ResourceRef } from '../../../framework/index.js';

export const WIDGETS: ResourceRef = { group: 'bench.example.com', version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true };
export const NAMESPACE = 'bench';
export const WIDGETS_PATH = `/apis/${WIDGETS.group}/${WIDGETS.version}/namespaces/${NAMESPACE}/${WIDGETS.plural}`;

export const WIDGET_CRD: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${WIDGETS.plural}.${WIDGETS.group}` },
  spec: {
    group: WIDGETS.group,
    scope: 'Namespaced',
    names: { plural: WIDGETS.plural, singular: 'widget', kind: WIDGETS.kind, listKind: `${WIDGETS.kind}List` },
    versions: [{
      name: WIDGETS.version, served: true, storage: true, subresources: { status: {} },
      schema: { openAPIV3Schema: { type: 'object', properties: {
        spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      } } },
    }],
  },
};

export function widget(): KubeObject {
  return { apiVersion: `${WIDGETS.group}/${WIDGETS.version}`, kind: WIDGETS.kind, metadata: { namespace: NAMESPACE, labels: { app: 'bench' } }, spec: { size: 3, color: 'blue', replicas: 1 } };
}
