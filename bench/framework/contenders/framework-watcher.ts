/**
 * This framework's watch layer alone: its Watcher (list + watch + cache) over its own client, with
 * a no-op listener. Between the raw watch and the full operator, it shows which layer costs what.
 */
import { createKubeClient, type ClosableKubeClient, type KubeObject } from '../../../framework/index.js';
import { Watcher } from '../../../framework/watch/watcher.js';
import { HandledCounter, serveContender } from './handled-counter.js';
import { NAMESPACE, WIDGETS } from './widget.js';

const counter = new HandledCounter();
let watcher: Watcher<KubeObject> | undefined;
let client: ClosableKubeClient | undefined;

serveContender(counter, async (kubeconfigPath) => {
  client = createKubeClient({ kubeconfigPath, userAgent: 'bench-watcher' });
  watcher = new Watcher<KubeObject>({ client, resource: WIDGETS, namespaces: [NAMESPACE] });
  watcher.onEvent((event) => {
    if (event.type === 'ADDED') counter.hit(event.object.metadata.name);
  });
  await watcher.start();
}, async () => {
  await watcher?.stop();
  await client?.close();
});
