/** kubernetes-fluent-client's Watcher (the engine under Pepr) with a no-op callback. */
import { GenericKind, K8s, RegisterKind } from 'kubernetes-fluent-client';
import { HandledCounter, serveContender } from './handled-counter.js';
import { NAMESPACE, WIDGETS } from './widget.js';

class Widget extends GenericKind {}
RegisterKind(Widget, { group: WIDGETS.group, version: WIDGETS.version, kind: WIDGETS.kind, plural: WIDGETS.plural });

const counter = new HandledCounter();
let close: (() => void) | undefined;

// The library reads the kubeconfig from $KUBECONFIG (KubeConfig.loadFromDefault), which the driver sets.
serveContender(counter, async () => {
  const watcher = K8s(Widget, { namespace: NAMESPACE }).Watch((obj, phase) => {
    if (phase === 'ADDED') counter.hit(obj.metadata?.name);
  });
  await watcher.start();
  close = () => watcher.close();
}, () => close?.());
