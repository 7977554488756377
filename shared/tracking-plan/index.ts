export { checkEvent } from './check-event.ts';
export { CRM_TRACKING_PLAN } from './crm-plan.ts';
export type { CrmEventName } from './crm-plan.ts';
export type { PlannedTrack, PropsOf, TrackingPlan } from './plan-types.ts';
export type { UserTraits } from './user-properties.ts';
