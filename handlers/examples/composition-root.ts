/**
 * An example composition root: the product's handlers plus the worked example handler of
 * docs/framework.md. Pass EXAMPLE_HANDLERS as `handlers` to buildKrytonOperator to run it.
 * The operator's RBAC must then also allow poddisruptionbudgets in the policy group.
 */
import type { HandlerClass } from '../../framework/index.js';
import { KRYTON_HANDLERS } from '../composition-root.js';
import { DisruptionBudgetHandler } from './disruption-budget-handler.js';

export const EXAMPLE_HANDLERS: HandlerClass[] = [...KRYTON_HANDLERS, DisruptionBudgetHandler];
