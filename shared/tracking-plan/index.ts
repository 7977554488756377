export { checkEvent } from './check-event.ts';
export { CRM_TRACKING_PLAN } from './crm-plan.ts';
export type { CrmEventName } from './crm-plan.ts';
export type { EventSpec, PlannedTrack, PropType, PropsOf, TrackingPlan } from './plan-types.ts';
export { PRIVATE_TRAITS } from './user-properties.ts';
export type { UserTraits } from './user-properties.ts';
