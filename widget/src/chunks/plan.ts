import { checkEvent } from '../../../shared/tracking-plan/check-event.ts';
import { CRM_TRACKING_PLAN } from '../../../shared/tracking-plan/crm-plan.ts';
import type { PlanCheck } from '../pipeline/plan-tags.ts';

// The tracking-plan chunk: the CRM's plan and its check, which the script tag loads in debug mode only, to warn in
// the console about a `track` call that breaks it. The API tags such events `off-plan` whatever the client does.
export const checkCrmPlan: PlanCheck = (name, props) => checkEvent(CRM_TRACKING_PLAN, name, props);
