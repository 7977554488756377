// The tracking-plan chunk: the CRM's plan, which the script tag loads in debug mode only, to warn in the console
// about a `track` call that breaks it. The API tags such events `off-plan` whatever the client does.
export { CRM_TRACKING_PLAN } from '../../../shared/tracking-plan/crm-plan.ts';
