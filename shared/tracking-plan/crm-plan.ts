import type { TrackingPlan } from './plan-types.ts';

const STAGE = ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'] as const;
const PLAN = ['free', 'starter', 'pro', 'enterprise'] as const;
const SOURCE = ['form', 'import', 'api', 'integration', 'email'] as const;

/**
 * The CRM's default tracking plan: the 47 events of a customer's journey, from sign-up through onboarding,
 * contacts, activities and leads to a won deal and revenue, in journey order. Funnels are built from these names.
 */
export const CRM_TRACKING_PLAN = {
  // Acquisition and account
  'Signed Up': { method: ['email', 'google', 'microsoft', 'sso'], referral_code: 'string?' },
  'Email Verified': {},
  'Trial Started': { plan: PLAN, trial_days: 'number' },
  'Logged In': { method: ['password', 'google', 'microsoft', 'sso'] },
  'Logged Out': {},
  // Onboarding
  'Onboarding Started': {},
  'Onboarding Step Completed': { step: 'string', step_number: 'number' },
  'Onboarding Completed': { duration_seconds: 'number?' },
  'Workspace Created': { team_size: 'number', industry: 'string?' },
  'Teammate Invited': { role: ['admin', 'manager', 'rep', 'viewer'] },
  'Invite Accepted': { role: ['admin', 'manager', 'rep', 'viewer'] },
  'Integration Connected': { integration: 'string' },
  // Contacts and companies
  'Contacts Imported': { count: 'number', source: 'string' },
  'Contact Created': { source: SOURCE, has_phone: 'boolean?' },
  'Contact Form Invalid': { fields: 'string[]' },
  'Contact Updated': { fields: 'string[]?' },
  'Contact Deleted': {},
  'Contact Viewed': { contact_id: 'number' },
  'Contacts Searched': { query_length: 'number', results: 'number' },
  'Company Created': { employees: 'number?' },
  // Activities
  'Note Added': { length: 'number?' },
  'Email Sent': { template: 'string?' },
  'Email Opened': {},
  'Call Logged': { duration_seconds: 'number', outcome: 'string?' },
  'Meeting Scheduled': { duration_minutes: 'number' },
  'Task Created': { due_in_days: 'number?' },
  'Task Completed': {},
  // Leads
  'Lead Created': { source: SOURCE },
  'Lead Qualified': { score: 'number?' },
  'Lead Disqualified': { reason: 'string' },
  // Deals
  'Deal Created': { deal_id: 'number', value: 'number', stage: STAGE },
  'Deal Stage Changed': { deal_id: 'number', from: STAGE, to: STAGE, value: 'number' },
  'Deal Updated': { deal_id: 'number', fields: 'string[]?' },
  'Quote Created': { deal_id: 'number', amount: 'number' },
  'Quote Sent': { deal_id: 'number' },
  'Proposal Viewed': { deal_id: 'number' },
  'Contract Sent': { deal_id: 'number' },
  'Contract Signed': { deal_id: 'number' },
  'Deal Lost': { deal_id: 'number', reason: 'string?' },
  'Deal Won': { deal_id: 'number', value: 'number' },
  // Reporting
  'Pipeline Viewed': { deals: 'number?' },
  'Report Viewed': { report: 'string' },
  'Report Exported': { report: 'string', format: ['csv', 'xlsx', 'pdf'] },
  'Dashboard Created': {},
  // Monetisation
  'Plan Upgraded': { from: PLAN, to: PLAN },
  'Subscription Started': { plan: PLAN, seats: 'number', billing: ['monthly', 'yearly'] },
  // Revenue is sent by `revenue(amount, currency, props)`.
  Revenue: { amount: 'number', currency: 'string', deal_id: 'number?', plan: 'string?' },
} as const satisfies TrackingPlan;

/** The names of the CRM plan's events. */
export type CrmEventName = keyof typeof CRM_TRACKING_PLAN;
