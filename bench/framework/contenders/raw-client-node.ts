/** The ceiling: @kubernetes/client-node's raw Watch, counting ADDED events, nothing else. */
// The benchmark compares against the library itself, so it imports it directly.
// eslint-disable-next-line no-restricted-imports
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { HandledCounter, serveContender } from './handled-counter.js';
import { WIDGETS_PATH } from './widget.js';

const counter = new HandledCounter();
let controller: AbortController | undefined;

serveContender(counter, async (kubeconfigPath) => {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  controller = await new Watch(kc).watch(WIDGETS_PATH, {}, (type: string, obj: { metadata?: { name?: string } }) => {
    if (type === 'ADDED') counter.hit(obj.metadata?.name);
  }, (err: unknown) => {
    if (err && !controller?.signal.aborted) console.error('raw watch ended:', err);
  });
}, () => controller?.abort());
