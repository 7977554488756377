import { LIMITS } from '../../../shared/wire.ts';
import type { Props } from '../../../shared/wire.ts';
import type { Logger } from '../debug-log.ts';

/** Why a `track` call breaks the tracking plan: one short sentence per problem, none when it follows it. */
export type PlanCheck = (name: string, props: Props | undefined) => string[];

/** The plan step of the pipeline: the tags a `track` call gets (`off-plan`), or none. */
export type PlanTagger = (name: string, props: Props | undefined) => string[] | undefined;

/**
 * Makes the plan step: tags a `track` call that breaks the tracking plan `off-plan` and warns in debug mode. A
 * plan still loading (the script tag's debug mode) checks the calls made once it is in.
 */
export function createPlanTagger(
  plan: PlanCheck | Promise<PlanCheck | undefined> | undefined,
  log: Logger,
): PlanTagger {
  let checkPlan: PlanCheck | undefined;
  // A plan that fails to load leaves nothing checked here (the lazy-feature contract has said why).
  if (plan instanceof Promise) void plan.then((loaded) => (checkPlan = loaded));
  else checkPlan = plan;
  return (name, props) => {
    // An over-long name is dropped by validation with its own warning; a plan warning on top would be noise.
    if (!checkPlan || name.length > LIMITS.nameLength) return undefined;
    const problems = checkPlan(name, props);
    if (!problems.length) return undefined;
    log.warn(`"${name}" breaks the tracking plan (sent, tagged off-plan): ${problems.join('; ')}`);
    return ['off-plan'];
  };
}
