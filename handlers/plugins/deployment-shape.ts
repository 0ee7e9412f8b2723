/**
 * The parts of an apps/v1 Deployment the plugins concern reads and writes. Everything else on the
 * live object is carried along untouched (the index signatures), never interpreted.
 */
import type { KubeObject } from '../../framework/index.js';


export interface NamedItem {
  name: string;
  [field: string]: unknown;
}

export interface PodSpecShape {
  initContainers?: NamedItem[];
  volumes?: NamedItem[];
  [field: string]: unknown;
}

export interface DeploymentShape extends KubeObject {
  spec?: {
    template?: { spec?: PodSpecShape; [field: string]: unknown };
    [field: string]: unknown;
  };
}
