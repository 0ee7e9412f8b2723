/**
 * A worked example of a handler added in one file (see docs/framework.md, "A worked example: the
 * fifth handler"); it is registered in the example composition root, not in the product's.
 *
 * Keeps a `policy/v1` PodDisruptionBudget `<cr-name>` for every Kryton running more than one
 * server pod (`spec.values.replicaCount` > 1), so a node drain leaves at least one of them
 * serving. The budget is owned by the Kryton (deleting it garbage-collects the budget), follows
 * spec.values, is repaired when edited or deleted, and is removed when replicas drop to one.
 */
import {
  OnCreate,
  OnFieldChange,
  OnOwnedChange,
  OnResume,
  PermanentError,
  Watches,
  type HandlerContext,
  type ResourceRef,
} from '../../framework/index.js';
import { instanceLabels } from '../kryton/names.js';
import { controllerReference, deleteIfOwned, ensureOwned, ForeignOwnerError, type OwnedObject } from '../kryton/owned-objects.js';
import { KRYTONS, type Kryton } from '../kryton/types.js';

export const PDBS: ResourceRef = { group: 'policy', version: 'v1', plural: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true };
export const DISRUPTION_BUDGET_CONDITION = 'DisruptionBudgetReady';

/** The embedded chart's name and its default replicaCount (chart/kryton/Chart.yaml, values.yaml). */
const CHART_NAME = 'kryton';
const CHART_DEFAULT_REPLICAS = 1;

export class ReplicaCountError extends Error {}

/** The server replicas the chart will run: spec.values.replicaCount, else the chart's default. */
export function desiredReplicas(kryton: Kryton): number {
  const value = kryton.spec.values?.replicaCount;
  if (value === undefined || value === null) return CHART_DEFAULT_REPLICAS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ReplicaCountError(`spec.values.replicaCount must be a whole number of at least 0, not ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The labels of the chart's server pods, as `kryton.selectorLabels` in
 * chart/kryton/templates/_helpers.tpl renders them: the release is named after the Kryton, and
 * nameOverride (which spec.values may set) replaces the chart name, truncated as Helm does.
 */
export function serverSelectorLabels(kryton: Kryton): Record<string, string> {
  const nameOverride = kryton.spec.values?.nameOverride;
  const name = typeof nameOverride === 'string' && nameOverride !== '' ? nameOverride : CHART_NAME;
  return {
    'app.kubernetes.io/name': name.slice(0, 63).replace(/-$/, ''),
    'app.kubernetes.io/instance': kryton.metadata.name ?? '',
    'app.kubernetes.io/component': 'server',
  };
}

/** The budget a Kryton with `replicas` server pods needs, or undefined when one pod or none runs. */
export function renderDisruptionBudget(kryton: Kryton, replicas: number): OwnedObject | undefined {
  if (replicas <= 1) return undefined;
  const name = kryton.metadata.name ?? '';
  return {
    resource: PDBS,
    object: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace: kryton.metadata.namespace ?? '', labels: instanceLabels(name, 'disruption-budget'), ownerReferences: [controllerReference(kryton)] },
      spec: { minAvailable: 1, selector: { matchLabels: serverSelectorLabels(kryton) } },
    },
  };
}

@Watches(KRYTONS)
export class DisruptionBudgetHandler {
  @OnCreate()
  @OnResume()
  @OnFieldChange('spec.values')
  @OnOwnedChange(PDBS)
  async reconcileDisruptionBudget(ctx: HandlerContext<Kryton>): Promise<void> {
    const replicas = await this.replicas(ctx);
    const budget = renderDisruptionBudget(ctx.object, replicas);
    if (!budget) return this.remove(ctx, replicas);

    const outcome = await this.ensure(ctx, budget);
    const { name } = budget.object.metadata;
    if (outcome !== 'unchanged') {
      ctx.logger.info(`PodDisruptionBudget ${name} ${outcome}`);
      await ctx.event('Normal', 'DisruptionBudgetApplied', `PodDisruptionBudget ${name} ${outcome}`);
    }
    await ctx.setCondition({
      type: DISRUPTION_BUDGET_CONDITION,
      status: 'True',
      reason: 'Applied',
      message: `PodDisruptionBudget ${name} keeps at least 1 of ${replicas} server pods running through voluntary disruptions`,
    });
  }

  private async replicas(ctx: HandlerContext<Kryton>): Promise<number> {
    try {
      return desiredReplicas(ctx.object);
    } catch (error) {
      if (!(error instanceof ReplicaCountError)) throw error;
      await ctx.setCondition({ type: DISRUPTION_BUDGET_CONDITION, status: 'False', reason: 'InvalidReplicaCount', message: error.message });
      throw new PermanentError(error.message);
    }
  }

  private async ensure(ctx: HandlerContext<Kryton>, budget: OwnedObject) {
    try {
      return await ensureOwned(ctx.client, budget);
    } catch (error) {
      if (!(error instanceof ForeignOwnerError)) throw error;
      await ctx.setCondition({ type: DISRUPTION_BUDGET_CONDITION, status: 'False', reason: 'NameTaken', message: error.message });
      throw new PermanentError(error.message);
    }
  }

  private async remove(ctx: HandlerContext<Kryton>, replicas: number): Promise<void> {
    const { name = '', namespace = '', uid = '' } = ctx.object.metadata;
    if (await deleteIfOwned(ctx.client, PDBS, name, namespace, uid)) {
      ctx.logger.info(`PodDisruptionBudget ${name} deleted`);
      await ctx.event('Normal', 'DisruptionBudgetRemoved', `replicaCount is ${replicas}: PodDisruptionBudget ${name} deleted`);
    }
    await ctx.setCondition({ type: DISRUPTION_BUDGET_CONDITION, status: 'True', reason: 'NotNeeded', message: `replicaCount is ${replicas}: no disruption budget needed` });
  }
}
