/** @dot-i/k8s-operator: an Operator subclass whose watchResource callback is a no-op. */
// A CommonJS package: under Node's ES module loader its `exports.default` is the class.
import dotI, { type ResourceEvent } from '@dot-i/k8s-operator';
import { HandledCounter, serveContender } from './handled-counter.js';
import { NAMESPACE, WIDGETS } from './widget.js';

const counter = new HandledCounter();

class NoopOperator extends dotI.default {
  protected async init(): Promise<void> {
    await this.watchResource(WIDGETS.group, WIDGETS.version, WIDGETS.plural, async (event: ResourceEvent) => {
      if (event.type === 'ADDED') counter.hit(event.meta.name);
    }, NAMESPACE);
  }
}

let operator: NoopOperator | undefined;

// The library reads the kubeconfig from $KUBECONFIG (KubeConfig.loadFromDefault), which the driver sets.
serveContender(counter, async () => {
  operator = new NoopOperator();
  await operator.start();
}, () => operator?.stop());
